import type { CommandDefinition } from "../../../spec/command-definition.js";
import type { JsonObject } from "../openapi/json-schema.js";
import { parametersSchema } from "./parameter-schema.js";

/** One entry of `GET /command`: what a client needs to call, and to show help for, a command. */
export function describeCommand(command: CommandDefinition): JsonObject {
  return {
    name: command.name,
    path: [...command.path],
    module: command.module,
    help: command.help ?? null,
    roles: [...command.roles],
    interruptible: command.interruptible,
    background: command.background,
    lock: command.lock ?? null,
    accepts_filters: command.acceptsFilters,
    parameters: {
      ...parametersSchema(command.parameters.values()),
      // Filters (`path__op`) and reserved options (`_lock_wait`) travel beside the parameters.
      additionalProperties: true,
    },
  };
}
