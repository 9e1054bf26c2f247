import type { Message } from "../../../foundations/message.js";
import type { CliOutput } from "../cli-output.js";
import { reportError } from "./error-report.js";
import type { Renderer } from "./renderer.js";

/**
 * `--format json` for commands other than resource commands: every message as one JSON
 * line on stdout, exactly as the command API streams it, ending with the status line.
 */
export class NdjsonRenderer implements Renderer {
  constructor(private readonly output: CliOutput) {}

  show(message: Message): void {
    this.output.stdout.write(`${JSON.stringify(message)}\n`);
    if (message.type === "status" && message.error !== undefined) {
      reportError(this.output, message.error);
    }
  }

  close(): void {
    // Nothing held between messages.
  }
}
