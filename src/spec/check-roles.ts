import { SpecUnknownName } from "../foundations/error-codes.js";
import { didYouMean } from "../foundations/suggest.js";
import type { SourceLocation } from "./source-location.js";
import type { SpecProblems } from "./spec-problems.js";

/** Roles of a model or command that gives none: only administrators. */
export const DEFAULT_ROLES: readonly string[] = ["admin"];

/** Reports every role not declared in some module's `roles:`. */
export function checkRoles(
  roles: readonly string[],
  location: SourceLocation,
  declared: ReadonlySet<string>,
  problems: SpecProblems,
): void {
  for (const role of roles) {
    if (declared.has(role)) continue;
    problems.add(
      SpecUnknownName,
      `unknown role '${role}'`,
      location,
      didYouMean(role, declared),
      "Declare the role under 'roles:' in a spec file of the module.",
    );
  }
}
