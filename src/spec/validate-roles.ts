import type { RawEntry } from "./merge-spec.js";
import type { RoleDefinition } from "./project-spec.js";
import { checkKeys, MapReader } from "./spec-reader.js";
import type { SpecProblems } from "./spec-problems.js";

/** Role names appear in tokens and group settings; `weather-admin` style is fine. */
const ROLE_NAME = /^[a-z][a-z0-9_.-]*$/;

/** `roles: {weather-admin: {help: ...}}`; a role may also be given with no options. */
export function validateRoles(
  entries: ReadonlyMap<string, RawEntry>,
  problems: SpecProblems,
): Map<string, RoleDefinition> {
  const roles = new Map<string, RoleDefinition>();
  for (const [name, entry] of entries) {
    const { node } = entry;
    if (!ROLE_NAME.test(name)) {
      problems.invalid(
        `role name '${name}' must be lower-case letters, digits, '-', '.' and '_'`,
        node.location,
      );
    }
    let help: string | undefined;
    if (node.kind === "map") {
      checkKeys(node, ["help"], "role option", problems);
      help = new MapReader(node, problems).string("help");
    } else if (node.kind === "scalar" && typeof node.value === "string") {
      help = node.value;
    } else if (!(node.kind === "scalar" && node.value === null)) {
      problems.invalid(`role '${name}' must be a map such as {help: ...}`, node.location);
    }
    roles.set(name, {
      name,
      ...(help === undefined ? {} : { help }),
      module: entry.module.name,
      source: node.location,
    });
  }
  return roles;
}
