import { isCairnError } from "../../../foundations/cairn-error.js";
import { registeredErrors } from "../../../foundations/define-error.js";
import { HandlerFailed } from "../../../foundations/error-codes.js";
import type { ErrorPayload } from "../../../foundations/message.js";
import type { CliOutput } from "../cli-output.js";

/**
 * What the CLI says about a failure. Cairn errors are expected and show code, message
 * and hint; anything else is a bug and shows its stack as well.
 */
export function errorPayloadOf(error: unknown): ErrorPayload {
  if (isCairnError(error)) {
    const json = error.toJSON();
    const stack = error.details.stack;
    return typeof stack === "string" ? { ...json, stack } : json;
  }
  if (error instanceof Error) {
    return { code: error.name, message: error.message, ...stackOf(error) };
  }
  return { code: "Error", message: String(error) };
}

function stackOf(error: Error): { stack?: string } {
  return error.stack === undefined ? {} : { stack: error.stack };
}

/**
 * Whether two payloads describe the same failure: the runtime ends a failed run with an
 * `error` message and then a status carrying the same error, which people see once.
 */
export function sameError(a: ErrorPayload | undefined, b: ErrorPayload | undefined): boolean {
  return a !== undefined && b !== undefined && a.code === b.code && a.message === b.message;
}

/** Writes a failure to stderr: one JSON object in json format, coloured text otherwise. */
export function reportError(output: CliOutput, payload: ErrorPayload): void {
  if (output.format === "json") {
    output.stderr.write(`${JSON.stringify({ error: payload })}\n`);
    return;
  }
  output.stderr.write(humanError(output, payload));
}

export function humanError(output: CliOutput, payload: ErrorPayload): string {
  const { colors } = output;
  let text = `${colors.red(colors.bold("error"))} ${colors.dim(payload.code)}: ${payload.message}\n`;
  if (payload.hint !== undefined) text += `${colors.yellow("hint:")} ${payload.hint}\n`;
  if (payload.stack !== undefined && showsStack(payload.code)) {
    text += `${colors.dim(indent(stackFrames(payload)))}\n`;
  }
  return text;
}

/**
 * Stacks help with code that broke: a handler's error, or anything that is not one of
 * Cairn's codes. Expected errors (a missing record, a refused clear) read better without.
 */
function showsStack(code: string): boolean {
  return code === HandlerFailed.code || !registeredErrors().some((d) => d.code === code);
}

/** The stack without its first line when that line only repeats the message. */
function stackFrames(payload: ErrorPayload): string {
  const stack = payload.stack ?? "";
  const newline = stack.indexOf("\n");
  const first = newline < 0 ? stack : stack.slice(0, newline);
  return first.includes(payload.message) && newline >= 0
    ? stack.slice(newline + 1).replace(/^\s+/gm, "")
    : stack;
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
}
