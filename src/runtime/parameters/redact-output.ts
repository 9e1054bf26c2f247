import type { CommandDefinition } from "../../spec/command-definition.js";
import type { ProjectSpec } from "../../spec/project-spec.js";
import { IDENTITY, REDACTED, type Redaction } from "../../foundations/redact-secrets.js";
import { encryptedPath } from "./secret-parameters.js";

/** Whether `model`, or a model its relations lead to (at any depth), has an encrypted field. */
function reachesEncrypted(spec: ProjectSpec, model: string): boolean {
  const seen = new Set<string>();
  const queue = [model];
  for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
    const definition = spec.models.get(name);
    if (definition === undefined || seen.has(name)) continue;
    seen.add(name);
    if ([...definition.fields.values()].some((f) => f.encrypted)) return true;
    for (const relation of definition.relations.values()) queue.push(relation.model);
    for (const reverse of definition.reverseRelations.values()) queue.push(reverse.model);
  }
  return false;
}

function buildMask(command: CommandDefinition, spec: ProjectSpec): Redaction {
  const model = command.builtin?.model;
  if (model === undefined || !reachesEncrypted(spec, model)) return IDENTITY;
  const fields = [...(spec.models.get(model)?.fields.values() ?? [])];
  const masked = new Set(fields.filter((f) => f.encrypted).map((f) => f.name));
  const hides = (key: string) =>
    masked.has(key) || (key.includes("__") && encryptedPath(spec, model, key));
  const deep = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(deep);
    if (typeof value !== "object" || value === null) return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        item !== null && hides(key) ? REDACTED : deep(item),
      ]),
    );
  };
  return <T>(value: T): T => deep(value) as T;
}

const MASKS = new WeakMap<CommandDefinition, Redaction>();

/**
 * For the stored copies of a resource command's messages and result: every value whose
 * key names an encrypted field of its model (`notes`, `owner__code`) as `***`. The
 * caller sees the rows it asked for; the execution log never keeps them in clear.
 * The identity for other commands and for models that reach no encrypted field; built
 * once per command (a command belongs to one spec).
 */
export function encryptedFieldMask(command: CommandDefinition, spec: ProjectSpec): Redaction {
  let mask = MASKS.get(command);
  if (mask === undefined) {
    mask = buildMask(command, spec);
    MASKS.set(command, mask);
  }
  return mask;
}
