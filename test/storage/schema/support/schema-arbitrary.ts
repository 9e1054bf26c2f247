import fc from "fast-check";
import type {
  ColumnSchema,
  DatabaseSchema,
  ForeignKeySchema,
  IndexSchema,
  TableSchema,
} from "../../../../src/engines/storage/schema/index.js";
import {
  foreignKeyName,
  indexName,
  uniqueIndexName,
} from "../../../../src/engines/storage/schema/index.js";
import { ID } from "./schema-builders.js";

/** Random schemas the planner and every dialect can represent, for property tests. */
const TABLES = ["alpha", "beta", "gamma"] as const;
const COLUMNS = ["p", "q", "r", "s"] as const;

const plainColumn = (name: string): fc.Arbitrary<ColumnSchema> =>
  fc
    .record({
      kind: fc.constantFrom(
        "string",
        "text",
        "integer",
        "bigint",
        "float",
        "decimal",
        "boolean",
        "date",
        "datetime",
        "time",
        "json",
        "uuid",
        "binary",
      ),
      nullable: fc.boolean(),
      maxLength: fc.constantFrom(10, 20, 50),
      digits: fc.constantFrom([8, 0], [8, 2], [12, 2]),
      withDefault: fc.boolean(),
      number: fc.integer({ min: -50, max: 50 }),
      flag: fc.boolean(),
      text: fc.stringMatching(/^[a-z]{0,6}$/),
    })
    .map(({ kind, nullable, maxLength, digits, withDefault, number, flag, text }) => {
      const base: ColumnSchema = { name, type: kind, nullable, primaryKey: false };
      const sized =
        kind === "string"
          ? { ...base, maxLength }
          : kind === "decimal"
            ? { ...base, precision: digits[0], scale: digits[1] }
            : base;
      if (!withDefault) return sized;
      if (kind === "string") return { ...sized, default: text };
      if (kind === "integer" || kind === "bigint" || kind === "decimal") {
        return { ...sized, default: number };
      }
      if (kind === "float") return { ...sized, default: number / 2 };
      if (kind === "boolean") return { ...sized, default: flag };
      return sized;
    });

const tableArbitrary = (name: string, others: readonly string[]): fc.Arbitrary<TableSchema> =>
  fc
    .record({
      columns: fc.subarray([...COLUMNS]).chain((names) => fc.tuple(...names.map(plainColumn))),
      refs: fc.subarray([...others]),
      onDelete: fc.constantFrom("cascade", "restrict", "set null"),
      indexed: fc.subarray([...COLUMNS], { maxLength: 2 }),
      unique: fc.boolean(),
    })
    .map(({ columns, refs, onDelete, indexed, unique }) => {
      const keyColumns: ColumnSchema[] = refs.map((ref) => ({
        name: `${ref}_id`,
        type: "integer",
        nullable: true,
        primaryKey: false,
      }));
      const foreignKeys: ForeignKeySchema[] = refs.map((ref) => ({
        name: foreignKeyName(name, [`${ref}_id`]),
        columns: [`${ref}_id`],
        referencedTable: ref,
        referencedColumns: ["id"],
        onDelete,
      }));
      // MySQL cannot index text, json or binary columns without a prefix length.
      const indexable = columns.filter((c) => !["text", "json", "binary"].includes(c.type));
      const present = indexed.filter((c) => indexable.some((col) => col.name === c));
      const indexes: IndexSchema[] = keyColumns.map((c) => ({
        name: indexName(name, [c.name]),
        columns: [c.name],
        unique: false,
      }));
      if (present.length > 0) {
        indexes.push({
          name: unique ? uniqueIndexName(name, present) : indexName(name, present),
          columns: present,
          unique,
        });
      }
      return { name, columns: [ID, ...columns, ...keyColumns], indexes, foreignKeys };
    });

export const schemaArbitrary: fc.Arbitrary<DatabaseSchema> = fc
  .subarray([...TABLES], { minLength: 1 })
  .chain((names) =>
    fc.tuple(
      ...names.map((name) =>
        tableArbitrary(
          name,
          names.filter((n) => n !== name),
        ),
      ),
    ),
  )
  .map((tables) => ({ tables: new Map(tables.map((t) => [t.name, t])) }));
