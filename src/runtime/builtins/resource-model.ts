import type { RecordKey } from "../../engines/storage/records/record-store.js";
import type { ModelDefinition } from "../../spec/model-definition.js";
import type { BuiltinServices } from "./builtin-command.js";

/** The model a resource command works on (`builtin.model`, set by the spec layer). */
export function resourceModel(services: BuiltinServices): ModelDefinition {
  const name = services.command.builtin?.model;
  const model = name === undefined ? undefined : services.spec.models.get(name);
  if (model === undefined) {
    throw new Error(`resource command '${services.command.name}' names no model`);
  }
  return model;
}

/** The natural key from the `key` parameter and one parameter per scope relation. */
export function resourceKey(
  model: ModelDefinition,
  parameters: Readonly<Record<string, unknown>>,
): RecordKey {
  const key = String(parameters.key);
  if (model.scope.length === 0) return { key };
  const scope = Object.fromEntries(
    model.scope.map((relation) => [relation, String(parameters[relation])]),
  );
  return { key, scope };
}

/** `03005`, or `2026-01-01 (station 03005)` for scoped models: how messages name a row. */
export function describeKey(model: ModelDefinition, key: RecordKey): string {
  const scope = Object.entries(key.scope ?? {}).map(([name, value]) => `${name} ${value}`);
  return `${model.name} ${key.key}${scope.length > 0 ? ` (${scope.join(", ")})` : ""}`;
}
