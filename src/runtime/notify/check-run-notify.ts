import type { RecordStore } from "../../engines/storage/records/record-store.js";
import { ParameterInvalid } from "../../foundations/error-codes.js";
import { didYouMean } from "../../foundations/suggest.js";
import type { RunRequest } from "../run-request.js";
import type { RunNotify } from "./notify-rule.js";

/** Groups named in one request are looked up in chunks of this many. */
const CHUNK = 200;

function cleaned(list: readonly string[] | undefined): string[] {
  return [...new Set((list ?? []).map((name) => name.trim()).filter((name) => name !== ""))];
}

async function existing(store: RecordStore, wanted: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let start = 0; start < wanted.length; start += CHUNK) {
    const rows = await store.list("group", {
      filters: [{ path: "name__in", value: wanted.slice(start, start + CHUNK) }],
      fields: ["name"],
      limit: CHUNK,
    });
    for (const row of rows) if (typeof row.name === "string") found.add(row.name);
  }
  return found;
}

/**
 * The groups a request asks to notify (`notify`, `notifyFail`) as `execution.notify`
 * stores them, after checking that each exists (CAIRN_PARAMETER_INVALID naming the
 * closest groups otherwise); undefined when it names none.
 */
export async function checkRunNotify(
  store: RecordStore,
  command: string,
  request: Pick<RunRequest, "notify" | "notifyFail">,
): Promise<RunNotify | undefined> {
  const both = cleaned(request.notify);
  const failure = cleaned(request.notifyFail).filter((name) => !both.includes(name));
  if (both.length === 0 && failure.length === 0) return undefined;
  const found = await existing(store, [...both, ...failure]);
  const problems: { parameter: string; problem: string }[] = [];
  const missing = [
    ...both.map((name) => ["_notify", name]),
    ...failure.map((name) => ["_notify_fail", name]),
  ].filter(([, name]) => !found.has(name ?? ""));
  if (missing.length > 0) {
    const all = await store.list("group", { fields: ["name"], limit: 10_000 });
    const names = all.map((row) => String(row.name));
    for (const [parameter = "", name = ""] of missing) {
      problems.push({ parameter, problem: `no group '${name}'${didYouMean(name, names)}` });
    }
    const [first] = problems;
    throw ParameterInvalid.create(
      `${command}: ${first?.parameter ?? "_notify"}: ${first?.problem ?? "unknown group"}`,
      {
        hint: "Run `cairn group list` to see the groups; --notify and --notify-fail take group names, comma-separated.",
        details: { problems },
      },
    );
  }
  return { both, failure };
}
