import type { FieldDefinition } from "../../../spec/field-definition.js";
import type { ModelDefinition } from "../../../spec/model-definition.js";
import { RecordInvalid } from "../../../foundations/error-codes.js";
import { closestNames, didYouMean } from "../../../foundations/suggest.js";
import { checkConstraints } from "./codecs/check-constraints.js";
import { codecFor } from "./codecs/codec-for.js";
import type { FieldValue } from "./codecs/field-codec.js";
import { ValueError } from "./codecs/value-error.js";
import { toRecordKey } from "./record-keys.js";
import type { RecordKey } from "./record-store.js";

/** One row's raw values, typed and checked but with relation keys not yet looked up. */
export interface PreparedValues {
  readonly fields: Map<string, FieldValue | null>;
  readonly toOne: Map<string, RecordKey | null>;
  readonly manyToMany: Map<string, RecordKey[]>;
}

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
    const value = codecFor(field.type).parse(raw, field);
    checkConstraints(field, value);
    return value;
  } catch (error) {
    if (error instanceof ValueError) return invalid(model.name, field.name, error.problem, error);
    throw error;
  }
}

function relatedKeys(model: ModelDefinition, name: string, raw: unknown): RecordKey[] {
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

/** Checks names and types every value of one row; unknown names answer with the closest ones. */
export function prepareValues(
  model: ModelDefinition,
  values: Readonly<Record<string, unknown>>,
): PreparedValues {
  const prepared: PreparedValues = { fields: new Map(), toOne: new Map(), manyToMany: new Map() };
  for (const [name, raw] of Object.entries(values)) {
    const field = model.fields.get(name);
    if (field !== undefined && !field.system) {
      prepared.fields.set(name, parseFieldValue(model, field, raw));
      continue;
    }
    const relation = model.relations.get(name);
    if (relation === undefined) {
      const names = writableNames(model);
      throw RecordInvalid.create(
        `unknown field '${name}' for ${model.name}${didYouMean(name, names)}`,
        {
          hint: `Fields of ${model.name}: ${names.join(", ")}.`,
          details: { model: model.name, field: name, suggestions: closestNames(name, names) },
        },
      );
    }
    if (relation.multiple) {
      prepared.manyToMany.set(name, relatedKeys(model, name, raw));
    } else if (raw === null || raw === undefined || raw === "") {
      if (relation.required) invalid(model.name, name, "a related key is required");
      prepared.toOne.set(name, null);
    } else {
      prepared.toOne.set(
        name,
        toRecordKey(raw) ??
          invalid(model.name, name, `expected a related key, got ${JSON.stringify(raw)}`),
      );
    }
  }
  return prepared;
}
