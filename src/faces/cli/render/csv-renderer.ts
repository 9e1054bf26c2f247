import type { ErrorPayload, Message } from "../../../foundations/message.js";
import type { CommandDefinition } from "../../../spec/command-definition.js";
import type { CliOutput } from "../cli-output.js";
import { isRecord, rowsOf } from "./cells.js";
import { toCsv } from "./csv.js";
import { humanError, sameError } from "./error-report.js";
import { resourceActionOf, type Renderer } from "./renderer.js";

/**
 * `--format csv`: stdout gets rows only (the command's table messages, else a resource
 * command's result), each table with its header and tables separated by a blank line.
 * Text goes to stderr so the CSV stays clean.
 */
export class CsvRenderer implements Renderer {
  #tables = 0;
  #shownError: ErrorPayload | undefined;

  constructor(
    private readonly output: CliOutput,
    private readonly command: CommandDefinition,
  ) {}

  show(message: Message): void {
    switch (message.type) {
      case "info":
      case "notice":
      case "success":
      case "warning":
        this.output.stderr.write(`${message.text}\n`);
        break;
      case "error":
        this.#shownError = message.error;
        this.output.stderr.write(
          message.error === undefined
            ? `${message.text}\n`
            : humanError(this.output, message.error),
        );
        break;
      case "table":
        this.#table(message.rows, message.columns);
        break;
      case "data": {
        // A list of records is a table, and so is one record (`get` emits its row as data).
        const rows =
          rowsOf(message.value) ?? (isRecord(message.value) ? [message.value] : undefined);
        if (rows !== undefined) this.#table(rows);
        else this.output.stderr.write(`${JSON.stringify(message.value)}\n`);
        break;
      }
      case "progress":
        break;
      case "status":
        if (message.status === "success") this.#result(message.result);
        else if (message.error !== undefined) {
          if (!sameError(message.error, this.#shownError)) {
            this.output.stderr.write(humanError(this.output, message.error));
          }
        } else this.output.stderr.write(`${message.status}\n`);
        break;
    }
  }

  close(): void {
    // Nothing held between messages.
  }

  #result(result: unknown): void {
    // A list emits its rows as a table message too; show them once.
    if (resourceActionOf(this.command) === undefined || this.#tables > 0) return;
    const rows = rowsOf(result) ?? (isRecord(result) ? [result] : undefined);
    if (rows !== undefined) this.#table(rows);
    else if (result !== undefined) this.output.stderr.write(`${JSON.stringify(result)}\n`);
  }

  #table(rows: readonly Readonly<Record<string, unknown>>[], columns?: readonly string[]): void {
    if (this.#tables > 0) this.output.stdout.write("\r\n");
    this.#tables++;
    this.output.stdout.write(toCsv(rows, columns));
  }
}
