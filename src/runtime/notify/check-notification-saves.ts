import { RecordInvalid } from "../../foundations/error-codes.js";
import { closestNames } from "../../foundations/suggest.js";
import type { ProjectSpec } from "../../spec/project-spec.js";
import { SEND_COMMAND } from "./notify-rule.js";

/** What the checks need of a `<model> save` (see RecordSave). */
interface Save {
  readonly spec: ProjectSpec;
  readonly key: string;
  readonly values: Readonly<Record<string, unknown>>;
}

function invalid(model: string, field: string, value: unknown, message: string, hint: string) {
  return RecordInvalid.create(message, { hint, details: { model, field, value } });
}

/**
 * `notification save COMMAND ...`: the key names a command whose runs are recorded,
 * written exactly as the spec names it, and not `notification send` (which would
 * notify about its own notifications).
 */
export function checkNotificationSave(save: Save): Promise<Readonly<Record<string, unknown>>> {
  const { spec, key, values } = save;
  if ("command" in values && values.command !== key) {
    throw invalid(
      "notification",
      "command",
      values.command,
      `notification ${key}: the command is the key; it cannot become '${String(values.command)}'`,
      "Remove this notification and save one under the other command's name.",
    );
  }
  const command = spec.commands.get(key);
  if (command === undefined) {
    const near = closestNames(key, spec.commands.keys());
    throw invalid(
      "notification",
      "command",
      key,
      `no command '${key}'${near.length > 0 ? `; did you mean ${near.map((name) => `'${name}'`).join(" or ")}?` : ""}`,
      'Name the command as `cairn --help` shows it, in quotes: cairn notification save "weather fetch" groups=ops.',
    );
  }
  if (command.name === SEND_COMMAND || !command.recorded) {
    throw invalid(
      "notification",
      "command",
      key,
      `the runs of '${key}' cannot be notified about`,
      command.recorded
        ? "Its runs are the notifications themselves; follow them with `cairn execution list`."
        : "Its runs are not recorded as executions.",
    );
  }
  return Promise.resolve(values);
}

/** `webhook save NAME url=...`: the URL, when given, is an http or https URL. */
export function checkWebhookSave(save: Save): Promise<Readonly<Record<string, unknown>>> {
  const given = save.values.url;
  if (given === undefined || given === null) return Promise.resolve(save.values);
  const url = typeof given === "string" ? given : JSON.stringify(given);
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || (parsed.protocol !== "http:" && parsed.protocol !== "https:")) {
    throw invalid(
      "webhook",
      "url",
      url,
      `webhook ${save.key}: '${url}' is not an http or https URL`,
      "Give the full address the receiver listens on: url=https://hooks.example.com/cairn.",
    );
  }
  return Promise.resolve(save.values);
}
