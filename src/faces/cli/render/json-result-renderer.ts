import { ExecutionAborted } from "../../../foundations/error-codes.js";
import type { Message } from "../../../foundations/message.js";
import type { CliOutput } from "../cli-output.js";
import { reportError } from "./error-report.js";
import type { Renderer } from "./renderer.js";

/**
 * `--format json` for resource commands: stdout gets the result alone as one JSON
 * document (a list's rows, a get's or save's row), so it pipes straight into `jq`.
 * Warnings and errors the command emits go to stderr as JSON lines; the failure that
 * ends a run is reported once, from its status.
 */
export class JsonResultRenderer implements Renderer {
  constructor(private readonly output: CliOutput) {}

  show(message: Message): void {
    if (message.type === "warning" || (message.type === "error" && message.error === undefined)) {
      this.output.stderr.write(`${JSON.stringify({ type: message.type, text: message.text })}\n`);
    } else if (message.type === "status") {
      if (message.status === "success") {
        this.output.stdout.write(`${JSON.stringify(message.result ?? null, null, 2)}\n`);
      } else {
        reportError(
          this.output,
          message.error ?? { code: ExecutionAborted.code, message: message.status },
        );
      }
    }
  }

  close(): void {
    // Nothing held between messages.
  }
}
