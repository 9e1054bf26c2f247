import { CommandNotFound } from "../foundations/error-codes.js";
import { closestNames } from "../foundations/suggest.js";
import type { CommandDefinition } from "../spec/command-definition.js";
import type { ProjectSpec } from "../spec/project-spec.js";

/** The command with this name, or CAIRN_COMMAND_NOT_FOUND naming the closest ones. */
export function findCommand(spec: ProjectSpec, name: string): CommandDefinition {
  const wanted = name.trim().split(/\s+/).join(" ");
  const command = spec.commands.get(wanted);
  if (command !== undefined) return command;
  const near = closestNames(wanted, spec.commands.keys());
  throw CommandNotFound.create(
    `no command '${wanted}'${near.length > 0 ? `; did you mean ${near.map((n) => `'${n}'`).join(" or ")}?` : ""}`,
    { hint: "Run `cairn --help` to list the commands.", details: { suggestions: near } },
  );
}
