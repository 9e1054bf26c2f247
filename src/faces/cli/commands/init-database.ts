import { CairnError } from "../../../foundations/cairn-error.js";
import { registeredErrors } from "../../../foundations/define-error.js";
import type { ErrorPayload, Message } from "../../../foundations/message.js";
import { ADMIN_ROLE } from "../../../runtime/access/principal.js";
import { ADMIN_USER } from "../../../runtime/access/load-principal.js";
import type { Runtime } from "../../../runtime/runtime.js";

/** The group `cairn init` puts the administrator in; it holds the `admin` role. */
export const ADMIN_GROUP = "admins";

/** What `cairn init` did to a new project's database. */
export interface InitDatabase {
  /** Schema changes applied; 0 when the database was up to date already. */
  readonly migrated: number;
  /** Whether the group `admins` was made now, or kept as the database had it. */
  readonly group: "created" | "kept" | "untouched";
  /** Whether the user `admin` was made now, or kept as the database had it. */
  readonly user: "created" | "kept";
  /** The admin's first token, when the user was made now: shown once, never stored. */
  readonly token: IssuedToken | undefined;
}

export interface IssuedToken {
  readonly token: string;
  readonly prefix: string;
}

type StatusMessage = Extract<Message, { type: "status" }>;

/**
 * Sets up a new project's database through the same commands a user would run, as the
 * local administrator: `db migrate`, then `group save admins roles=admin`, `user save
 * admin groups=admins` and `user token admin name=init`. A database that already has
 * the user `admin` (an existing database the new project was pointed at) is left as it
 * is and no token is issued; an existing group `admins` is kept as it is.
 */
export async function setUpDatabase(runtime: Pick<Runtime, "start">): Promise<InitDatabase> {
  const steps = migrationSteps(await run(runtime, "db migrate", {}));
  // A `user` table made just now holds nobody: no need to look (and record the look).
  const fresh = steps.some((step) => step.action === "create_table" && step.table === "user");
  if (!fresh && (await exists(runtime, "user", ADMIN_USER))) {
    return { migrated: steps.length, group: "untouched", user: "kept", token: undefined };
  }
  let group: InitDatabase["group"] = "kept";
  if (fresh || !(await exists(runtime, "group", ADMIN_GROUP))) {
    await run(runtime, "group save", { key: ADMIN_GROUP, roles: ADMIN_ROLE });
    group = "created";
  }
  await run(runtime, "user save", { key: ADMIN_USER, groups: ADMIN_GROUP });
  const issued = await run(runtime, "user token", { key: ADMIN_USER, name: "init" });
  return { migrated: steps.length, group, user: "created", token: tokenOf(issued) };
}

/** Runs one command to its end and answers its result; a failure is thrown as its error. */
async function run(
  runtime: Pick<Runtime, "start">,
  command: string,
  parameters: Readonly<Record<string, string>>,
): Promise<unknown> {
  const running = await runtime.start({ command, parameters, origin: "cli" });
  let final: StatusMessage | undefined;
  for await (const message of running.messages) {
    if (message.type === "status") final = message;
  }
  const status = final?.status ?? (await running.finished);
  if (status === "success") return final?.result;
  throw errorOf(final?.error, `cairn ${command} ended ${status}`);
}

async function exists(runtime: Pick<Runtime, "start">, model: string, name: string) {
  const rows = await run(runtime, `${model} list`, { name, limit: "1", fields: "name" });
  return Array.isArray(rows) && rows.length > 0;
}

/** The `{action, table}` of each step `db migrate` applied. */
function migrationSteps(result: unknown): { action?: unknown; table?: unknown }[] {
  const steps = (result as { steps?: unknown } | undefined)?.steps;
  return Array.isArray(steps) ? (steps as { action?: unknown; table?: unknown }[]) : [];
}

function tokenOf(result: unknown): IssuedToken {
  const { token, prefix } = (result ?? {}) as { token?: unknown; prefix?: unknown };
  if (typeof token !== "string" || typeof prefix !== "string") {
    throw new Error("user token answered no token");
  }
  return { token, prefix };
}

/** A failed run's error as the CairnError of its code, so it is reported as any other. */
function errorOf(payload: ErrorPayload | undefined, fallback: string): CairnError {
  if (payload === undefined) return new CairnError("CAIRN_INTERNAL", 500, fallback);
  const options = { hint: payload.hint, details: payload.details };
  const definition = registeredErrors().find((d) => d.code === payload.code);
  return definition === undefined
    ? new CairnError(payload.code, 500, payload.message, options)
    : definition.create(payload.message, options);
}
