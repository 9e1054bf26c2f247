import type { RecordStore } from "../../engines/storage/records/record-store.js";
import { RecordNotFound } from "../../foundations/error-codes.js";
import type { ProjectSpec } from "../../spec/project-spec.js";
import type { ResolvedParameters } from "./resolve-parameters.js";

/**
 * The parameters as recorded (in an execution, or a schedule): values plus filters, so a
 * rerun or a fire can give them back to parameter checking as they are.
 */
export function recordedParameters(resolved: ResolvedParameters): Record<string, unknown> {
  return {
    ...resolved.values,
    ...Object.fromEntries(resolved.filters.map((f) => [f.path, f.value])),
    ...(resolved.filter === undefined ? {} : { filter: resolved.filter }),
  };
}

/** Whether `model` has a row with natural key `key`; undefined for scoped models. */
export async function storeHasKey(
  spec: ProjectSpec,
  store: RecordStore,
  model: string,
  key: string,
): Promise<boolean | undefined> {
  if ((spec.models.get(model)?.scope.length ?? 0) > 0) return undefined;
  try {
    await store.get(model, { key });
    return true;
  } catch (error) {
    if (RecordNotFound.is(error)) return false;
    throw error;
  }
}
