import type { Database } from "../../engines/storage/database.js";
import { postWebhook, sendMail, type MailReceipt } from "../../engines/delivery/index.js";
import type { RecordStore } from "../../engines/storage/records/record-store.js";
import { NotificationFailed } from "../../foundations/error-codes.js";
import type { Settings } from "../../foundations/settings.js";
import type { ProjectSpec } from "../../spec/project-spec.js";
import type { CommandContext } from "../command-context.js";
import { endKind, groupsTold, runNotifyOf } from "./notify-rule.js";
import { resolveRecipients, type Recipients } from "./recipients.js";
import {
  LAST_MESSAGES,
  renderNotification,
  type RenderedNotification,
} from "./render-notification.js";

/** What a send needs: the built-in's context and services. */
export interface SendServices {
  readonly ctx: CommandContext;
  readonly spec: ProjectSpec;
  readonly settings: Settings;
  readonly database: Database;
  /** The root store: a send talks to servers, so it holds no transaction open. */
  readonly store: RecordStore;
}

/** What a send did, as its result. */
export interface SendResult {
  readonly execution: string;
  readonly status: string;
  readonly groups: readonly string[];
  readonly emailed: readonly string[];
  readonly webhooks: readonly string[];
}

/** The marker a delivery leaves as a `data` message, so a later attempt skips it. */
interface Delivered {
  readonly delivered: "email" | "webhook";
  readonly to?: readonly string[];
  readonly name?: string;
}

/** `email` and `webhook:NAME` for each delivery an earlier attempt of this send made. */
async function deliveredBefore(store: RecordStore, self: string): Promise<Set<string>> {
  const rows = await store.list("execution_message", {
    filters: [
      { path: "execution", value: self },
      { path: "type", value: "data" },
    ],
    fields: ["body"],
    limit: 100_000,
  });
  const done = new Set<string>();
  for (const row of rows) {
    const value = (row.body as { value?: Partial<Delivered> } | null)?.value;
    if (value?.delivered === "email") done.add("email");
    if (value?.delivered === "webhook" && typeof value.name === "string")
      done.add(`webhook:${value.name}`);
  }
  return done;
}

async function subscriptionOf(
  store: RecordStore,
  command: string,
): Promise<{ on: unknown; groups: string[] } | undefined> {
  const [row] = await store.list("notification", {
    filters: [{ path: "command", value: command }],
    fields: ["on", "groups"],
    limit: 1,
  });
  if (row === undefined) return undefined;
  const groups = Array.isArray(row.groups) ? row.groups.map(String) : [];
  return { on: row.on, groups };
}

function reason(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
    return `${error.message}${cause}`;
  }
  return String(error);
}

async function email(
  services: SendServices,
  recipients: Recipients,
  rendered: RenderedNotification,
  id: string,
): Promise<MailReceipt | undefined> {
  const { ctx, settings } = services;
  if (settings.smtp === undefined) {
    ctx.warning(
      `no email sent to ${String(recipients.emails.length)} recipient(s): CAIRN_SMTP_HOST is not set`,
    );
    return undefined;
  }
  const receipt = await sendMail(settings.smtp, {
    to: recipients.emails,
    subject: rendered.subject,
    text: rendered.text,
    headers: { "X-Cairn-Execution": id },
  });
  ctx.data({ delivered: "email", to: receipt.accepted } satisfies Delivered);
  ctx.success(`emailed ${receipt.accepted.join(", ")}`);
  if (receipt.rejected.length > 0)
    ctx.warning(`the SMTP server refused ${receipt.rejected.join(", ")}`);
  return receipt;
}

/**
 * `notification send execution=ID`: tells the groups that want to hear of an ended
 * execution (its command's subscription and the run's own groups, for its kind of
 * end) by one email to the active members of those groups and of the groups below
 * them, and by a signed POST to each of their active webhooks. Deliveries an earlier
 * attempt made are not made again; any delivery that fails fails the attempt with
 * CAIRN_NOTIFICATION_FAILED after the others were tried, so the queue retries it.
 */
export async function sendNotification(services: SendServices, id: string): Promise<SendResult> {
  const { ctx, store } = services;
  const execution = await store.get("execution", { key: id });
  const command = String(execution.command);
  const status = String(execution.status);
  const result = {
    execution: id,
    status,
    groups: [] as string[],
    emailed: [] as string[],
    webhooks: [] as string[],
  };
  const kind = endKind(status);
  if (kind === undefined) {
    ctx.info(`execution ${id} (${command}) is ${status}: nobody is told of that`);
    return result;
  }
  const groups = groupsTold(
    await subscriptionOf(store, command),
    runNotifyOf(execution.notify),
    kind,
  );
  if (groups.length === 0) {
    ctx.info(`nobody subscribes to ${kind === "success" ? "successes" : "failures"} of ${command}`);
    return result;
  }
  const recipients = await resolveRecipients(store, services.database, groups);
  const filters = [{ path: "execution", value: id }];
  const newest = await store.list("execution_message", {
    filters,
    order: ["-seq"],
    limit: LAST_MESSAGES,
  });
  const rendered = renderNotification({
    project: services.spec.name,
    publicUrl: services.settings.publicUrl,
    execution,
    attempts: (services.spec.commands.get(command)?.retries ?? 0) + 1,
    messages: [...newest].reverse(),
    messageCount: await store.count("execution_message", { filters }),
    groups,
  });
  ctx.info(
    `${rendered.subject} -> ${groups.join(", ")}: ${String(recipients.emails.length)} email recipient(s), ${String(recipients.webhooks.length)} webhook(s)`,
  );
  const done = await deliveredBefore(store, ctx.execution);
  const failures: string[] = [];
  if (recipients.emails.length === 0) {
    ctx.info(`no active member of ${recipients.groups.join(", ")} has an email address`);
  } else if (done.has("email")) {
    ctx.info("the email went out in an earlier attempt");
  } else {
    try {
      const receipt = await email(services, recipients, rendered, id);
      if (receipt !== undefined) result.emailed.push(...receipt.accepted);
    } catch (error) {
      failures.push(`email: ${reason(error)}`);
      ctx.error(`email to ${recipients.emails.join(", ")} failed: ${reason(error)}`);
    }
  }
  const body = JSON.stringify(rendered.payload);
  for (const webhook of recipients.webhooks) {
    ctx.signal.throwIfAborted();
    if (done.has(`webhook:${webhook.name}`)) {
      ctx.info(`webhook ${webhook.name} got it in an earlier attempt`);
      continue;
    }
    try {
      const answer = await postWebhook({
        url: webhook.url,
        secret: webhook.secret,
        body,
        delivery: `${ctx.execution}:${webhook.name}`,
      });
      ctx.data({ delivered: "webhook", name: webhook.name } satisfies Delivered);
      ctx.success(`webhook ${webhook.name} answered ${String(answer)}`);
      result.webhooks.push(webhook.name);
    } catch (error) {
      failures.push(`webhook ${webhook.name}: ${reason(error)}`);
      ctx.error(`webhook ${webhook.name} (${webhook.url}) failed: ${reason(error)}`);
    }
  }
  result.groups.push(...groups);
  if (failures.length > 0) {
    throw NotificationFailed.create(`could not notify of execution ${id}: ${failures.join("; ")}`, {
      hint: "A queued send is tried again with a growing pause; check the CAIRN_SMTP_* settings and the webhooks' URLs.",
      details: { failures },
    });
  }
  return result;
}
