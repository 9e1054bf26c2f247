import { CompiledQuery, type Kysely } from "kysely";
import type { JsonValue } from "../../../spec/field-types.js";
import type { DynamicDatabase } from "../database.js";
import { codecFor } from "../records/codecs/codec-for.js";
import type { FieldCipher } from "../records/field-cipher.js";
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

type ManyToMany = FieldsPlan["manyToMany"][number];

/** SQL of the many-to-many key queries by shape (relation and id count); ids are its only parameters. */
const LINK_SQL = new Map<string, string>();
const LINK_SQL_SIZE = 512;

/**
 * The keys of `relation` for the rows `ids`: the same SQL for every page of the same
 * size, so it is built and compiled once per shape and only its parameters (the ids,
 * in order) change. A shape whose parameters are not exactly the ids is never kept.
 */
function linkQuery(
  db: Kysely<DynamicDatabase>,
  adapter: DialectAdapter,
  relation: ManyToMany,
  ids: readonly number[],
): CompiledQuery {
  const { hop, keyField } = relation;
  const shape = [
    adapter.dialect,
    hop.joinTable,
    hop.to.name,
    hop.fromColumn,
    hop.toColumn,
    keyField.name,
    keyField.type,
    ids.length,
  ].join("\u0000");
  const known = LINK_SQL.get(shape);
  if (known !== undefined) return CompiledQuery.raw(known, [...ids]);
  const compiled = db
    .selectFrom(`${hop.joinTable} as j`)
    .innerJoin(`${hop.to.name} as t`, "t.id", `j.${hop.toColumn}`)
    .select((eb) => [
      eb.ref(`j.${hop.fromColumn}`).as("source"),
      adapter.selectColumn(eb.ref(`t.${keyField.name}`), keyField).as("key"),
    ])
    .where(`j.${hop.fromColumn}`, "in", ids)
    .compile();
  const { parameters } = compiled;
  if (parameters.length === ids.length && parameters.every((value, i) => value === ids[i])) {
    if (LINK_SQL.size >= LINK_SQL_SIZE) LINK_SQL.clear();
    LINK_SQL.set(shape, compiled.sql);
  }
  return compiled;
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
  cipher: FieldCipher,
): Promise<OutputRow[]> {
  const { dialect } = adapter;
  const columns = plan.columns.map((column) => ({
    ...column,
    codec: codecFor(column.field.type),
  }));
  const output = rows.map((row) => {
    const result: OutputRow = {};
    for (const column of columns) {
      const raw = row[column.alias];
      const { sealed } = column;
      result[column.key] =
        raw === null || raw === undefined
          ? null
          : sealed === undefined
            ? column.codec.fromDb(raw, dialect, column.field)
            : cipher.open(
                sealed.model,
                column.field.name,
                Number(row[sealed.idAlias]),
                raw as string,
              );
    }
    return result;
  });
  if (plan.manyToMany.length === 0 || rows.length === 0) return output;
  const ids = rows.map((row) => Number(row[ROW_ID]));
  for (const relation of plan.manyToMany) {
    const { keyField } = relation;
    const codec = codecFor(keyField.type);
    const lists = new Map<number, JsonValue[]>(ids.map((id) => [id, []]));
    const chunk = adapter.maxParameters - 10;
    for (let start = 0; start < ids.length; start += chunk) {
      const query = linkQuery(db, adapter, relation, ids.slice(start, start + chunk));
      const related = (await db.executeQuery<{ source: unknown; key: unknown }>(query)).rows;
      for (const { source, key } of related) {
        if (key === null) continue;
        lists.get(Number(source))?.push(codec.fromDb(key, dialect, keyField));
      }
    }
    output.forEach((row, i) => {
      row[relation.key] = (lists.get(ids[i] ?? 0) ?? []).sort(compareKeys);
    });
  }
  return output;
}
