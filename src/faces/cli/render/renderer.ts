import type { Message } from "../../../foundations/message.js";
import type { CommandDefinition, ResourceAction } from "../../../spec/command-definition.js";
import { RESOURCE_ACTIONS } from "../../../spec/command-definition.js";

/**
 * Shows one execution's messages in one output format. Each format is its own
 * renderer; the run loop feeds messages in `seq` order, the `status` message last.
 */
export interface Renderer {
  show(message: Message): void;
  /** Releases the terminal (progress bars) once the stream has ended or was cut short. */
  close(): void;
}

/** The resource action (`list`, `get`, ...) of a built-in resource command, else undefined. */
export function resourceActionOf(command: CommandDefinition): ResourceAction | undefined {
  const name = command.builtin?.name;
  if (name === undefined || !name.startsWith("resource.")) return undefined;
  const action = name.slice("resource.".length);
  return RESOURCE_ACTIONS.find((a) => a === action);
}
