import type { FieldDefinition } from "../../../spec/field-definition.js";
import type { ModelDefinition } from "../../../spec/model-definition.js";
import { RecordInvalid } from "../../../foundations/error-codes.js";
import { checkConstraints } from "./codecs/check-constraints.js";
import { codecFor } from "./codecs/codec-for.js";
import type { FieldValue } from "./codecs/field-codec.js";
import { ValueError } from "./codecs/value-error.js";
import { toRecordKey } from "./record-keys.js";
import type { RecordKey } from "./record-store.js";

export function invalid(model: string, field: string, problem: string, cause?: unknown): never {
  throw RecordInvalid.create(`${model}.${field}: ${problem}`, {
    hint: "Fix the value and save again; nothing was written.",
    details: { model, field },
    cause,
  });
}

/** Types one value with its codec and the spec's options; null and "" clear it. */
export function parseFieldValue(
  model: ModelDefinition,
  field: FieldDefinition,
  raw: unknown,
  codec = codecFor(field.type),
): FieldValue | null {
  const empty =
    raw === null ||
    raw === undefined ||
    (raw === "" && field.type !== "string" && field.type !== "text");
  if (empty) {
    if (field.required) invalid(model.name, field.name, "a value is required");
    return null;
  }
  try {
    const value = codec.parse(raw, field);
    checkConstraints(field, value);
    return value;
  } catch (error) {
    if (error instanceof ValueError) return invalid(model.name, field.name, error.problem, error);
    throw error;
  }
}

/** A many-to-many value as a list of related keys: a list, one key, or comma-separated text. */
export function relatedKeys(model: ModelDefinition, name: string, raw: unknown): RecordKey[] {
  const items =
    raw === null || raw === undefined || raw === ""
      ? []
      : typeof raw === "string"
        ? raw
            .split(",")
            .map((s) => s.trim())
            .filter((s) => s !== "")
        : Array.isArray(raw)
          ? (raw as unknown[])
          : [raw];
  return items.map(
    (item) =>
      toRecordKey(item) ??
      invalid(model.name, name, `expected related keys, got ${JSON.stringify(item)}`),
  );
}

/** Field and relation names a save may set (everything but id, created and updated). */
export function writableNames(model: ModelDefinition): string[] {
  const fields = [...model.fields.values()].filter((f) => !f.system).map((f) => f.name);
  return [...fields, ...model.relations.keys()];
}
