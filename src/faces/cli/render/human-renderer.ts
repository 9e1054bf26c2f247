import type { ErrorPayload, Message } from "../../../foundations/message.js";
import type { CommandDefinition } from "../../../spec/command-definition.js";
import type { TextSink } from "../cli-io.js";
import type { CliOutput } from "../cli-output.js";
import { isRecord, rowsOf } from "./cells.js";
import { humanError, sameError } from "./error-report.js";
import { ProgressDisplay } from "./progress-display.js";
import { resourceActionOf, type Renderer } from "./renderer.js";
import { keyValueTable, rowsTable } from "./text-table.js";

/**
 * `--format table`: messages as coloured text, tables and a progress bar. A command's
 * result is shown only when it printed nothing of its own, so a list shows its rows
 * once and a command that reported its work is not followed by a dump of its result.
 */
export class HumanRenderer implements Renderer {
  readonly #progress: ProgressDisplay;
  #showedOutput = false;
  #shownError: ErrorPayload | undefined;

  constructor(
    private readonly output: CliOutput,
    private readonly command: CommandDefinition,
  ) {
    this.#progress = new ProgressDisplay(output.stdout, terminalOf(output));
  }

  show(message: Message): void {
    const { colors } = this.output;
    if (message.type !== "progress") this.#progress.clear();
    if (message.type !== "progress" && message.type !== "status") this.#showedOutput = true;
    switch (message.type) {
      case "info":
        this.#out(message.text);
        break;
      case "notice":
        this.#out(colors.cyan(message.text));
        break;
      case "success":
        this.#out(colors.green(message.text));
        break;
      case "warning":
        this.#out(colors.yellow(message.text));
        break;
      case "error":
        if (message.error !== undefined) {
          this.#shownError = message.error;
          this.output.stderr.write(humanError(this.output, message.error));
        } else {
          this.output.stderr.write(`${colors.red(message.text)}\n`);
        }
        break;
      case "data":
        this.#value(message.value);
        break;
      case "table":
        this.#out(rowsTable(message.rows, colors, message.columns));
        break;
      case "progress":
        this.#progress.update(message.done, message.total, message.label);
        break;
      case "status":
        this.#status(message.status, message.result, message.error);
        break;
    }
  }

  close(): void {
    this.#progress.clear();
  }

  #status(status: string, result: unknown, error: ErrorPayload | undefined): void {
    const { colors } = this.output;
    if (status === "success") {
      if (!this.#showedOutput) this.#result(result);
      return;
    }
    if (error !== undefined && status === "failed") {
      if (!sameError(error, this.#shownError)) {
        this.output.stderr.write(humanError(this.output, error));
      }
      return;
    }
    const reason = error === undefined ? "" : `: ${error.message}`;
    this.output.stderr.write(`${colors.yellow(status)}${reason}\n`);
  }

  #result(result: unknown): void {
    const action = resourceActionOf(this.command);
    const rows = rowsOf(result);
    if (action === "list" && rows !== undefined) {
      this.#out(
        rows.length === 0 ? this.output.colors.dim("no rows") : rowsTable(rows, this.output.colors),
      );
      return;
    }
    if (result !== undefined) this.#value(result);
  }

  /** A flat record as a key/value table, a list of records as a table, else pretty JSON. */
  #value(value: unknown): void {
    const { colors } = this.output;
    const rows = rowsOf(value);
    if (rows !== undefined && rows.length > 0) this.#out(rowsTable(rows, colors));
    else if (isRecord(value) && Object.keys(value).length > 0) {
      this.#out(keyValueTable(value, colors));
    } else if (typeof value === "string") this.#out(value);
    else this.#out(JSON.stringify(value, null, 2));
  }

  #out(text: string): void {
    this.output.stdout.write(`${text}\n`);
  }
}

/** The stderr stream when it is a terminal a bar can redraw, else undefined. */
function terminalOf(output: CliOutput): NodeJS.WritableStream | undefined {
  const stream: TextSink & { isTTY?: unknown; cursorTo?: unknown } = output.stderr;
  if (!output.isTTY || stream.isTTY !== true || typeof stream.cursorTo !== "function") {
    return undefined;
  }
  return stream as NodeJS.WritableStream;
}
