import { checkConstraints } from "./codecs/check-constraints.js";
import { ValueError } from "./codecs/value-error.js";
import type { PendingRow } from "./pending-rows.js";
import { invalid } from "./field-values.js";
import { keyLabel } from "./record-keys.js";
import type { RelationIds } from "./resolve-relations.js";
import { encodedDefault, type WritePlan } from "./write-plan.js";

export type Row = Record<string, unknown>;

/** The related id of a to-one cell (an identity, or null), once relations are resolved. */
export function relatedId(ids: RelationIds, relation: string, cell: unknown): number | null {
  return typeof cell === "string" ? (ids.get(relation)?.get(cell) ?? null) : null;
}

/**
 * The INSERT values of a new row: every column in plan order (so all rows share one
 * shape), defaults for what was not given, and the checks only a create needs: the
 * key's options, required fields and relations.
 */
export function insertValues(
  plan: WritePlan,
  row: PendingRow,
  ids: RelationIds,
  now: unknown,
): Row {
  const model = plan.model;
  const result: Row = {};
  const { slots, keySlot } = plan;
  for (let index = 0; index < slots.length; index++) {
    const slot = slots[index];
    if (slot === undefined) continue;
    const cell = row.cells[index];
    if (slot.kind === "field") {
      let value: unknown;
      if (index === keySlot && row.keyValue !== undefined) {
        try {
          checkConstraints(slot.field, row.keyValue);
        } catch (error) {
          if (error instanceof ValueError) invalid(model.name, slot.name, error.problem, error);
          throw error;
        }
        value = row.storedKey;
      } else {
        value = cell === undefined ? encodedDefault(plan, slot) : cell;
      }
      if (value === null && slot.field.required) {
        invalid(
          model.name,
          slot.name,
          `a value is required to create ${model.name} '${keyLabel(row.key)}'`,
        );
      }
      result[slot.column] = value;
      continue;
    }
    const id =
      slot.scopeIndex >= 0
        ? (row.group.ids[slot.scopeIndex] ?? null)
        : relatedId(ids, slot.name, cell);
    if (id === null && slot.required) {
      invalid(
        model.name,
        slot.name,
        `a related ${slot.target} is required to create ${model.name} '${keyLabel(row.key)}'`,
      );
    }
    result[slot.column] = id;
  }
  result.created = now;
  result.updated = now;
  return result;
}

/** The SET values of an existing row: only what was given, plus `updated`. */
export function updateValues(
  plan: WritePlan,
  row: PendingRow,
  ids: RelationIds,
  now: unknown,
): Row {
  const result: Row = {};
  const { slots } = plan;
  for (let index = 0; index < slots.length; index++) {
    const slot = slots[index];
    const cell = row.cells[index];
    if (slot === undefined || cell === undefined) continue;
    result[slot.column] = slot.kind === "field" ? cell : relatedId(ids, slot.name, cell);
  }
  result.updated = now;
  return result;
}
