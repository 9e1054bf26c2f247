import { plainField, type FieldDefinition } from "../../../spec/field-definition.js";
import type { ModelDefinition } from "../../../spec/model-definition.js";
import type { DialectName } from "../database.js";
import { fieldHashColumn, foreignKeyColumn } from "../naming.js";
import { keyField } from "../query/compile-fields.js";
import { codecFor } from "./codecs/codec-for.js";
import type { FieldCodec, FieldValue } from "./codecs/field-codec.js";
import { isCanonicalKey } from "./key-text.js";
import { parseFieldValue } from "./field-values.js";

export interface FieldSlot {
  readonly kind: "field";
  readonly name: string;
  readonly column: string;
  readonly field: FieldDefinition;
  readonly codec: FieldCodec;
}

export interface RelationSlot {
  readonly kind: "to-one";
  readonly name: string;
  readonly column: string;
  readonly target: string;
  readonly required: boolean;
  /** Position in `model.scope`, or -1: scope columns come from the key, never from values. */
  readonly scopeIndex: number;
}

/** One writable column: a non-system field or a to-one relation's foreign key. */
export type Slot = FieldSlot | RelationSlot;

/**
 * An encrypted field's slot and, for a searchable one, the slot of its hash column
 * (a slot no input may name: writes compute it). Cells of these slots hold the value
 * in its JSON form until `sealCells` turns them into ciphertext.
 */
export interface SealedSlot {
  readonly index: number;
  readonly field: FieldDefinition;
  readonly hashIndex: number | undefined;
}

/**
 * What a bulk write needs to know about a model, worked out once per model and backend
 * rather than once per row: each row keeps its values in an array indexed by slot.
 */
export interface WritePlan {
  readonly model: ModelDefinition;
  readonly dialect: DialectName;
  readonly slots: readonly Slot[];
  /** Writable name -> slot index. */
  readonly slotOf: ReadonlyMap<string, number>;
  readonly keyField: FieldDefinition;
  readonly keyCodec: FieldCodec;
  /** The key field's slot, undefined when the key is the system `id`. */
  readonly keySlot: number | undefined;
  /** Foreign-key columns of `model.scope`, in its order. */
  readonly scopeColumns: readonly string[];
  /** Whether typed keys compare as they are (see key-text.ts). */
  readonly canonicalKey: boolean;
  /** Whether the model has unique fields besides its key. */
  readonly uniqueFields: boolean;
  /** The encrypted fields' slots; empty for most models. */
  readonly sealed: readonly SealedSlot[];
}

const PLANS = new WeakMap<ModelDefinition, Map<DialectName, WritePlan>>();
const FALLBACKS = new WeakMap<FieldDefinition, Map<DialectName, unknown>>();

export function writePlan(model: ModelDefinition, dialect: DialectName): WritePlan {
  let plans = PLANS.get(model);
  if (plans === undefined) {
    plans = new Map();
    PLANS.set(model, plans);
  }
  let plan = plans.get(dialect);
  if (plan === undefined) {
    plan = buildPlan(model, dialect);
    plans.set(dialect, plan);
  }
  return plan;
}

function buildPlan(model: ModelDefinition, dialect: DialectName): WritePlan {
  const slots: Slot[] = [];
  for (const field of model.fields.values()) {
    if (field.system) continue;
    slots.push({
      kind: "field",
      name: field.name,
      column: field.name,
      field,
      codec: codecFor(field.type),
    });
  }
  for (const relation of model.relations.values()) {
    if (relation.multiple) continue;
    slots.push({
      kind: "to-one",
      name: relation.name,
      column: foreignKeyColumn(relation.name),
      target: relation.model,
      required: relation.required,
      scopeIndex: model.scope.indexOf(relation.name),
    });
  }
  const slotOf = new Map(slots.map((slot, index) => [slot.name, index]));
  const sealed: SealedSlot[] = [];
  slots.forEach((slot, index) => {
    if (slot.kind !== "field" || !slot.field.encrypted) return;
    let hashIndex: number | undefined;
    if (slot.field.searchable === true) {
      hashIndex = slots.length;
      const hash = hashField(slot.field);
      slots.push({
        kind: "field",
        name: hash.name,
        column: hash.name,
        field: hash,
        codec: codecFor("string"),
      });
    }
    sealed.push({ index, field: slot.field, hashIndex });
  });
  const key = keyField(model);
  const keySlot = slotOf.get(model.key);
  return {
    model,
    dialect,
    slots,
    slotOf,
    keyField: key,
    keyCodec: codecFor(key.type),
    keySlot: key.system ? undefined : keySlot,
    scopeColumns: model.scope.map(foreignKeyColumn),
    canonicalKey: isCanonicalKey(key.type),
    uniqueFields: [...model.fields.values()].some((f) => f.unique && f.name !== "id"),
    sealed,
  };
}

/** The hash column of a searchable field, as a hidden optional string field. */
export function hashField(field: FieldDefinition): FieldDefinition {
  return { ...plainField(fieldHashColumn(field.name), "string", field.source), hidden: true };
}

/**
 * A typed value as a row cell: the driver parameter, or for an encrypted field the
 * value's JSON form (bytes as base64), which is what gets sealed.
 */
export function cellValue(slot: FieldSlot, value: FieldValue, dialect: DialectName): unknown {
  if (!slot.field.encrypted) return slot.codec.toDb(value, dialect);
  return Buffer.isBuffer(value) ? value.toString("base64") : value;
}

/**
 * A field's spec default as the driver parameter (null without one), typed once per
 * field and backend; computed on first use so a bad default only fails a create.
 */
export function encodedDefault(plan: WritePlan, slot: FieldSlot): unknown {
  let byDialect = FALLBACKS.get(slot.field);
  if (byDialect === undefined) {
    byDialect = new Map();
    FALLBACKS.set(slot.field, byDialect);
  }
  if (byDialect.has(plan.dialect)) return byDialect.get(plan.dialect);
  const value =
    slot.field.default === undefined
      ? null
      : parseFieldValue(plan.model, slot.field, slot.field.default);
  const encoded = value === null ? null : cellValue(slot, value, plan.dialect);
  byDialect.set(plan.dialect, encoded);
  return encoded;
}
