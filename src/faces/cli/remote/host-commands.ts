import { resolve } from "node:path";
import { UsageInvalid } from "../../../foundations/error-codes.js";
import { didYouMean } from "../../../foundations/suggest.js";
import type { HostAction } from "../build-program.js";
import type { CliIo } from "../cli-io.js";
import type { CliOutput } from "../cli-output.js";
import { toCsv } from "../render/csv.js";
import { rowsTable } from "../render/text-table.js";
import { hostsFilePath, readHosts, writeHosts, type HostEntry } from "./hosts-file.js";

/** A host as `host list` shows it: never its token, only whether it has one. */
interface HostRow {
  readonly [column: string]: unknown;
  readonly name: string;
  readonly url: string;
  readonly token: boolean;
  readonly ca?: string;
  readonly insecure?: boolean;
}

const NAME = /^[A-Za-z0-9][\w.-]*$/;
const SETTINGS = ["url", "token", "ca", "insecure"] as const;
type HostSettings = Partial<Record<(typeof SETTINGS)[number], string>>;

/** `cairn host save|list|remove`, on the hosts file of the CLI's environment. */
export function hostCommand(
  action: HostAction,
  name: string | undefined,
  words: readonly string[],
  io: CliIo,
  output: CliOutput,
): Promise<number> {
  const file = hostsFilePath(io.env, io.cwd);
  switch (action) {
    case "save":
      return saveHost(file, name ?? "", words, output, io.cwd);
    case "list":
      return listHosts(file, output);
    case "remove":
      return removeHost(file, name ?? "", output);
  }
}

/**
 * `cairn host save NAME url=URL token=TOKEN ca=FILE insecure=true`: adds a host, or
 * changes the settings given of a saved one (`token=` or `ca=` with nothing removes it).
 * `ca` is kept as an absolute path and read at each use.
 */
export async function saveHost(
  file: string,
  name: string,
  words: readonly string[],
  output: CliOutput,
  cwd: string = process.cwd(),
): Promise<number> {
  if (!NAME.test(name)) {
    throw UsageInvalid.create(`'${name}' cannot name a host`, {
      hint: "Use letters, digits, '.', '_' and '-', starting with a letter or digit.",
    });
  }
  const given = hostSettings(words);
  const hosts = await readHosts(file);
  const previous = hosts[name];
  const url = given.url ?? previous?.url;
  if (url === undefined) {
    throw UsageInvalid.create(`host '${name}' needs url=URL`, {
      hint: `cairn host save ${name} url=https://cairn.example.com token=TOKEN`,
    });
  }
  const token = given.token ?? previous?.token;
  const ca = given.ca === undefined ? previous?.ca : given.ca === "" ? "" : resolve(cwd, given.ca);
  const insecure =
    given.insecure === undefined ? previous?.insecure : insecureSetting(given.insecure);
  const entry: HostEntry = {
    url: checkedUrl(url),
    ...(token === undefined || token === "" ? {} : { token }),
    ...(ca === undefined || ca === "" ? {} : { ca }),
    ...(insecure === true ? { insecure } : {}),
  };
  await writeHosts(file, { ...hosts, [name]: entry });
  const row = hostRow(name, entry);
  if (output.format === "json") output.stdout.write(`${JSON.stringify(row, null, 2)}\n`);
  else if (output.format === "csv") output.stdout.write(toCsv([row]));
  else {
    const action = previous === undefined ? "saved" : "updated";
    const secret = row.token ? "with a token" : "without a token";
    output.stdout.write(`${output.colors.green(action)} host ${name}: ${row.url} (${secret})\n`);
  }
  return 0;
}

/** `cairn host list`: the saved hosts, their URLs and whether each has a token. */
export async function listHosts(file: string, output: CliOutput): Promise<number> {
  const hosts = await readHosts(file);
  const rows = Object.entries(hosts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, entry]) => hostRow(name, entry));
  if (output.format === "json") output.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else if (output.format === "csv") output.stdout.write(toCsv(rows, csvColumns(rows)));
  else if (rows.length === 0) {
    output.stdout.write(
      `${output.colors.dim("no hosts")} (cairn host save NAME url=URL token=TOKEN adds one)\n`,
    );
  } else output.stdout.write(`${rowsTable(rows, output.colors)}\n`);
  return 0;
}

/** `cairn host remove NAME`. */
export async function removeHost(file: string, name: string, output: CliOutput): Promise<number> {
  const hosts = await readHosts(file);
  if (hosts[name] === undefined) throw unknownHost(name, Object.keys(hosts));
  const { [name]: _removed, ...rest } = hosts;
  await writeHosts(file, rest);
  if (output.format === "json") output.stdout.write("null\n");
  else if (output.format === "table") {
    output.stdout.write(`${output.colors.green("removed")} host ${name}\n`);
  }
  return 0;
}

/** A host name that is not saved, with the closest saved ones. */
export function unknownHost(name: string, saved: readonly string[]) {
  return UsageInvalid.create(`no host named '${name}'${didYouMean(name, saved)}`, {
    hint:
      saved.length === 0
        ? "Save one with cairn host save NAME url=URL token=TOKEN, or give --host a URL."
        : "cairn host list shows the saved hosts; --host also takes a URL.",
  });
}

function hostRow(name: string, entry: HostEntry): HostRow {
  return {
    name,
    url: entry.url,
    token: entry.token !== undefined,
    ...(entry.ca === undefined ? {} : { ca: entry.ca }),
    ...(entry.insecure === true ? { insecure: true } : {}),
  };
}

/** `ca` and `insecure` only when a host has them, so plain hosts list as before. */
function csvColumns(rows: readonly HostRow[]): string[] {
  return ["name", "url", "token", ...["ca", "insecure"].filter((c) => rows.some((r) => c in r))];
}

function insecureSetting(text: string): boolean {
  if (text === "true" || text === "false") return text === "true";
  throw UsageInvalid.create(`insecure=${text} is neither true nor false`, {
    hint: "insecure=true allows sending the token over plain http to another machine; insecure=false (the default) refuses.",
  });
}

function hostSettings(words: readonly string[]): HostSettings {
  const settings: HostSettings = {};
  for (const word of words) {
    const at = word.indexOf("=");
    const key = at < 0 ? word : word.slice(0, at);
    const setting = SETTINGS.find((s) => s === key);
    if (at < 0 || setting === undefined) {
      throw UsageInvalid.create(`unexpected argument '${word}'${didYouMean(key, SETTINGS)}`, {
        hint: "Give the host's settings as url=URL token=TOKEN ca=FILE insecure=true|false.",
      });
    }
    settings[setting] = word.slice(at + 1);
  }
  return settings;
}

/** The URL of a command API: http or https, kept as written (without a trailing `/`). */
export function checkedUrl(text: string): string {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== "http:" && url.protocol !== "https:")) {
    throw UsageInvalid.create(`url=${text} is not an http or https URL`, {
      hint: "Give the server's address, e.g. url=https://cairn.example.com or url=http://127.0.0.1:8000.",
    });
  }
  return text.replace(/\/+$/, "");
}
