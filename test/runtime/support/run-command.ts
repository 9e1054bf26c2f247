import type { Message } from "../../../src/foundations/message.js";
import type { Runtime } from "../../../src/runtime/index.js";
import type { ExecutionOrigin } from "../../../src/runtime/run-request.js";

export interface CommandRun {
  readonly id: string;
  readonly messages: Message[];
  readonly status: string;
  readonly last: Message;
}

/** Starts a command, reads every message and waits for the record to be complete. */
export async function runCommand(
  runtime: Runtime,
  command: string,
  parameters: Record<string, unknown> = {},
  options: { origin?: ExecutionOrigin; signal?: AbortSignal } = {},
): Promise<CommandRun> {
  const running = await runtime.start({
    command,
    parameters,
    origin: options.origin ?? "cli",
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const messages: Message[] = [];
  for await (const message of running.messages) messages.push(message);
  const status = await running.finished;
  const last = messages.at(-1);
  if (last === undefined) throw new Error(`${command} emitted no message`);
  return { id: running.id, messages, status, last };
}
