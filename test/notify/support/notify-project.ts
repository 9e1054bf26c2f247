import type { RecordStore } from "../../../src/engines/storage/records/record-store.js";
import type { ProjectSpec } from "../../../src/spec/index.js";

/** A project whose command succeeds or fails as asked, emitting messages first. */
export const NOTIFY_PROJECT: Readonly<Record<string, string>> = {
  "cairn.yml": "name: notifytest\nversion: 0.1.0\n",
  "spec/commands.yml": `
commands:
  weather:
    fetch:
      handler: handlers/fetch.ts#fetch
      help: Fetch observations
      parameters:
        station: {type: string, required: true}
        lines: {type: integer, default: 2, min: 0}
        api_token: {type: string}
        fail: {type: flag}
    report:
      handler: handlers/fetch.ts#report
    wait:
      handler: handlers/fetch.ts#wait
`,
  "handlers/fetch.ts": `
export async function fetch(
  ctx: { info(text: string): void; warning(text: string): void },
  params: { station: string; lines: number; fail: boolean },
) {
  for (let line = 1; line <= params.lines; line++) ctx.info("line " + line + " of " + params.station);
  if (params.fail) {
    ctx.warning("the station does not answer");
    throw new Error("station " + params.station + " is unreachable");
  }
  return { station: params.station };
}
export async function report() {
  return "ok";
}
export async function wait(ctx: { signal: AbortSignal; info(text: string): void }) {
  ctx.info("waiting");
  await new Promise((_resolve, reject) => {
    ctx.signal.addEventListener("abort", () => reject(new Error("stopped")));
  });
}
`,
};

/**
 * Groups and users: ops and its child ops-db, and sales; alice (ops) and bob (ops-db)
 * hear of ops, carol (ops) is inactive, dave (ops) has no email, erin is in sales.
 */
export async function seedPeople(store: RecordStore): Promise<void> {
  await store.save("group", { key: "ops" }, {});
  await store.save("group", { key: "ops-db" }, { parent: "ops" });
  await store.save("group", { key: "sales" }, {});
  const users: [string, Record<string, unknown>][] = [
    ["alice", { email: "alice@example.com", groups: ["ops"] }],
    ["bob", { email: "bob@example.com", groups: ["ops-db"] }],
    ["carol", { email: "carol@example.com", groups: ["ops"], active: false }],
    ["dave", { groups: ["ops"] }],
    ["erin", { email: "erin@example.com", groups: ["sales"] }],
  ];
  for (const [name, values] of users) await store.save("user", { key: name }, values);
}

/**
 * The spec with `notification send` retried after a few milliseconds rather than
 * seconds, so tests see several attempts at once.
 */
export function withFastRetries(spec: ProjectSpec): ProjectSpec {
  const commands = new Map(
    [...spec.commands].map(([name, command]) => [
      name,
      name === "notification send" ? { ...command, retryBackoff: 0.005 } : command,
    ]),
  );
  return { ...spec, commands };
}
