import { Forbidden } from "../../foundations/error-codes.js";
import type { CommandDefinition } from "../../spec/command-definition.js";
import { actorName, holdsAny, type Principal } from "./principal.js";

/** The roles a principal holds, for error messages (`public` goes without saying). */
export function heldRoles(principal: Principal): string {
  const roles = [...principal.roles].filter((role) => role !== "public").sort();
  return roles.length === 0 ? "no roles" : `the roles ${roles.join(", ")}`;
}

/**
 * Refuses a run the principal may not make: the command's `roles` name who may run it
 * (admin always may; `public` lets every user with a valid token). The error names
 * the roles that would allow it.
 */
export function checkMayRun(principal: Principal, command: CommandDefinition): void {
  if (holdsAny(principal, command.roles)) return;
  throw Forbidden.create(
    `'${command.name}' needs one of the roles ${command.roles.join(", ")}; ${actorName(principal)} has ${heldRoles(principal)}`,
    {
      hint: "A user-admin can add the user to a group holding one of those roles.",
      details: { command: command.name, needs: [...command.roles] },
    },
  );
}
