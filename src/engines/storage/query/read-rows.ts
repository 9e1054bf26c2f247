import type { Kysely } from "kysely";
import type { JsonValue } from "../../../spec/field-types.js";
import type { DynamicDatabase } from "../database.js";
import { codecFor } from "../records/codecs/codec-for.js";
import type { FieldsPlan } from "./compile-fields.js";
import { ROW_ID } from "./compile-list-query.js";
import type { DialectAdapter } from "./dialect-adapter.js";

export type OutputRow = Record<string, JsonValue>;

function compareKeys(a: JsonValue, b: JsonValue): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  const left = typeof a === "string" ? a : JSON.stringify(a);
  const right = typeof b === "string" ? b : JSON.stringify(b);
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * Turns list-query rows into JSON-ready output rows, then fills many-to-many keys
 * with one extra query per relation for the whole page (never one per row).
 */
export async function decodeRows(
  db: Kysely<DynamicDatabase>,
  adapter: DialectAdapter,
  plan: FieldsPlan,
  rows: readonly Record<string, unknown>[],
): Promise<OutputRow[]> {
  const output = rows.map((row) => {
    const result: OutputRow = {};
    for (const column of plan.columns) {
      const raw = row[column.alias];
      result[column.key] =
        raw === null || raw === undefined
          ? null
          : codecFor(column.field.type).fromDb(raw, adapter.dialect, column.field);
    }
    return result;
  });
  if (plan.manyToMany.length === 0 || rows.length === 0) return output;
  const ids = rows.map((row) => Number(row[ROW_ID]));
  for (const relation of plan.manyToMany) {
    const { hop, keyField } = relation;
    const lists = new Map<number, JsonValue[]>(ids.map((id) => [id, []]));
    const chunk = adapter.maxParameters - 10;
    for (let start = 0; start < ids.length; start += chunk) {
      const related = (await db
        .selectFrom(`${hop.joinTable} as j`)
        .innerJoin(`${hop.to.name} as t`, "t.id", `j.${hop.toColumn}`)
        .select((eb) => [
          eb.ref(`j.${hop.fromColumn}`).as("source"),
          adapter.selectColumn(eb.ref(`t.${keyField.name}`), keyField).as("key"),
        ])
        .where(`j.${hop.fromColumn}`, "in", ids.slice(start, start + chunk))
        .execute()) as { source: unknown; key: unknown }[];
      for (const { source, key } of related) {
        if (key === null) continue;
        lists
          .get(Number(source))
          ?.push(codecFor(keyField.type).fromDb(key, adapter.dialect, keyField));
      }
    }
    output.forEach((row, i) => {
      row[relation.key] = (lists.get(ids[i] ?? 0) ?? []).sort(compareKeys);
    });
  }
  return output;
}
