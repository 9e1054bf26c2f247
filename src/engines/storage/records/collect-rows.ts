import { RecordInvalid } from "../../../foundations/error-codes.js";
import { closestNames, didYouMean } from "../../../foundations/suggest.js";
import type { FieldValue } from "./codecs/field-codec.js";
import { keyText } from "./key-text.js";
import type { CollectedRows, PendingRow, ScopeGroup, WriteInput } from "./pending-rows.js";
import { invalid, parseFieldValue, relatedKeys, writableNames } from "./field-values.js";
import { keyIdentity, parseKeyValue, toRecordKey } from "./record-keys.js";
import type { RecordKey } from "./record-store.js";
import { cellValue, type WritePlan } from "./write-plan.js";

/** The identity of a related key given raw; strings (the common case) are their own identity. */
function relatedIdentity(raw: unknown): string | undefined {
  if (typeof raw === "string") return raw;
  const key = toRecordKey(raw);
  return key === undefined ? undefined : keyIdentity(key);
}

function unknownField(plan: WritePlan, name: string): never {
  const model = plan.model;
  const names = writableNames(model);
  throw RecordInvalid.create(
    `unknown field '${name}' for ${model.name}${didYouMean(name, names)}`,
    {
      hint: `Fields of ${model.name}: ${names.join(", ")}.`,
      details: { model: model.name, field: name, suggestions: closestNames(name, names) },
    },
  );
}

/** Collects every input in one pass: groups by scope, merges repeated keys, parses values once. */
export class RowCollector {
  private readonly groups = new Map<string, ScopeGroup>();
  private readonly order: PendingRow[] = [];
  private readonly rows: PendingRow[] = [];
  private readonly wanted = new Map<string, Map<string, RecordKey>>();

  constructor(private readonly plan: WritePlan) {}

  collect(inputs: readonly WriteInput[]): CollectedRows {
    for (const input of inputs) this.order.push(this.add(input));
    return { groups: this.groups, order: this.order, rows: this.rows, wanted: this.wanted };
  }

  private add(input: WriteInput): PendingRow {
    const { plan } = this;
    const key = input.key;
    const group = this.groupOf(key);
    let row: PendingRow | undefined;
    if (plan.keySlot === undefined && key.key === "") {
      row = this.newRow(key, group, undefined, "");
    } else {
      const value = this.parseKey(key);
      const match =
        plan.canonicalKey && typeof value === "string"
          ? value
          : keyText(plan.keyField, value, plan.dialect);
      row = group.rows.get(match);
      if (row === undefined) {
        row = this.newRow(key, group, value, match);
      }
    }
    this.fill(row, input);
    return row;
  }

  private parseKey(key: RecordKey): FieldValue {
    try {
      return this.plan.keyCodec.parse(key.key, this.plan.keyField);
    } catch {
      // Again, for the error that names the key.
      return parseKeyValue(this.plan.model, key);
    }
  }

  private newRow(
    key: RecordKey,
    group: ScopeGroup,
    value: FieldValue | undefined,
    match: string,
  ): PendingRow {
    const { plan } = this;
    const row: PendingRow = {
      key,
      group,
      keyValue: value,
      storedKey: value === undefined ? undefined : plan.keyCodec.toDb(value, plan.dialect),
      cells: new Array<unknown>(plan.slots.length),
      links: undefined,
      id: undefined,
      created: false,
    };
    if (value !== undefined) group.rows.set(match, row);
    this.rows.push(row);
    return row;
  }

  private groupOf(key: RecordKey): ScopeGroup {
    const { model } = this.plan;
    let identity = "";
    const scope = model.scope;
    for (let i = 0; i < scope.length; i++) {
      const raw = key.scope?.[scope[i] ?? ""] as unknown;
      if (raw === undefined) {
        const missing = scope.filter((r) => key.scope?.[r] === undefined);
        invalid(
          model.name,
          model.key,
          `keys of ${model.name} are scoped by ${scope.join(", ")}; give ${missing.join(", ")} for '${key.key}'`,
        );
      }
      const part = relatedIdentity(raw) ?? JSON.stringify(raw);
      identity = i === 0 ? part : `${identity}\u0001${part}`;
    }
    let group = this.groups.get(identity);
    if (group === undefined) {
      const keys = scope.map((relation) => {
        const raw = key.scope?.[relation] as unknown;
        return toRecordKey(raw) ?? { key: JSON.stringify(raw) };
      });
      group = { scope: keys, ids: [], rows: new Map() };
      this.groups.set(identity, group);
    }
    return group;
  }

  private want(relation: string, identity: string, raw: unknown): void {
    let keys = this.wanted.get(relation);
    if (keys === undefined) {
      keys = new Map();
      this.wanted.set(relation, keys);
    }
    if (!keys.has(identity)) keys.set(identity, toRecordKey(raw) ?? { key: identity });
  }

  /** Parses one input's values into the row's cells; later values win over earlier ones. */
  private fill(row: PendingRow, input: WriteInput): void {
    const { plan } = this;
    const model = plan.model;
    const values = input.values;
    const cells = row.cells;
    for (const name in values) {
      const raw = values[name];
      const index = plan.slotOf.get(name);
      const slot = index === undefined ? undefined : plan.slots[index];
      if (index === undefined || slot === undefined) {
        const relation = model.relations.get(name);
        if (relation?.multiple !== true) unknownField(plan, name);
        row.links ??= new Map();
        const keys = relatedKeys(model, name, raw);
        row.links.set(name, keys);
        for (const key of keys) this.want(name, keyIdentity(key), key);
        continue;
      }
      if (slot.kind === "field") {
        const value = parseFieldValue(model, slot.field, raw, slot.codec);
        if (index === plan.keySlot) {
          if (String(raw) !== input.key.key) {
            invalid(
              model.name,
              name,
              `the key is '${input.key.key}' but values set it to '${String(raw)}'`,
            );
          }
          continue;
        }
        cells[index] = value === null ? null : cellValue(slot, value, plan.dialect);
        continue;
      }
      const empty = raw === null || raw === undefined || raw === "";
      if (empty && slot.required) invalid(model.name, name, "a related key is required");
      const identity = empty ? null : relatedIdentity(raw);
      if (identity === undefined) {
        invalid(model.name, name, `expected a related key, got ${JSON.stringify(raw)}`);
      }
      if (slot.scopeIndex >= 0) {
        const given = identity === null ? undefined : (toRecordKey(raw)?.key ?? identity);
        if (given !== input.key.scope?.[name]) {
          invalid(model.name, name, "the key's scope and the values disagree");
        }
        continue;
      }
      if (identity !== null) this.want(name, identity, raw);
      cells[index] = identity;
    }
  }
}
