import { activateKey, createKey, loadKeyring } from "../../../engines/crypto/index.js";
import type { Settings } from "../../../foundations/settings.js";
import type { KeysAction } from "../build-program.js";
import type { CliOutput } from "../cli-output.js";
import { toCsv } from "../render/csv.js";
import { rowsTable } from "../render/text-table.js";

/** A key as `keys list` shows it: never its material. */
interface KeyRow {
  readonly [column: string]: unknown;
  readonly id: string;
  readonly created: string | null;
  readonly active: boolean;
}

/** `cairn keys create [--activate] | list | activate ID`, on the project's keyring. */
export function keysCommand(
  action: KeysAction,
  id: string | undefined,
  options: { readonly activate?: boolean },
  settings: Settings,
  output: CliOutput,
): number {
  switch (action) {
    case "create": {
      const { key, active } = createKey(settings, { activate: options.activate === true });
      report(output, { id: key.id, created: key.created ?? null, active }, () =>
        active
          ? `${output.colors.green("created")} key ${key.id} in ${settings.keyFile}; it is active\n`
          : `${output.colors.green("created")} key ${key.id} in ${settings.keyFile}; activate it with 'cairn keys activate ${key.id}'\n`,
      );
      return 0;
    }
    case "activate": {
      activateKey(settings, id ?? "");
      report(
        output,
        { id: id ?? "", active: true },
        () => `${output.colors.green("activated")} key ${id ?? ""}\n`,
      );
      return 0;
    }
    case "list":
      return listKeys(settings, output);
  }
}

function report(output: CliOutput, value: object, text: () => string): void {
  if (output.format === "json") output.stdout.write(`${JSON.stringify(value)}\n`);
  else if (output.format === "table") output.stdout.write(text());
}

function listKeys(settings: Settings, output: CliOutput): number {
  const keyring = loadKeyring(settings);
  const rows = keyring.keys.map((k): KeyRow => ({
    id: k.id,
    created: k.created ?? null,
    active: k.id === keyring.activeId,
  }));
  if (output.format === "json") output.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else if (output.format === "csv") output.stdout.write(toCsv(rows, ["id", "created", "active"]));
  else if (rows.length === 0) {
    output.stdout.write(`${output.colors.dim("no keys")} (cairn keys create adds one)\n`);
  } else {
    const from = keyring.source === "env" ? "CAIRN_KEYS" : keyring.file;
    output.stdout.write(
      `${rowsTable(rows, output.colors)}\n${output.colors.dim(`from ${from}`)}\n`,
    );
  }
  return 0;
}
