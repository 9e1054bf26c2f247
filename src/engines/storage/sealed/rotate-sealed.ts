import type { JsonValue } from "../../../spec/field-types.js";
import type { FieldDefinition } from "../../../spec/field-definition.js";
import type { ProjectSpec } from "../../../spec/project-spec.js";
import { codecFor } from "../records/codecs/codec-for.js";
import { parseSealed, type FieldCipher } from "../records/field-cipher.js";
import type { Database } from "../database.js";
import { sealedWith } from "./key-prefix.js";
import { hashColumnOf, sealedTables, type SealedTable } from "./sealed-columns.js";
import { writeResealed } from "./write-resealed.js";

export interface RotateOptions {
  /** Rows read and rewritten per transaction. */
  readonly batch: number;
  readonly signal?: AbortSignal | undefined;
  /** After each committed batch: the model and how many rows it rewrote. */
  readonly onBatch?: ((model: string, rows: number) => void) | undefined;
}

export interface RotateOutcome {
  /** The key every value is now sealed with. */
  readonly keyId: string;
  /** Rows rewritten, by model. */
  readonly rows: Readonly<Record<string, number>>;
  /** Passes over the tables (more than one when writes raced the first). */
  readonly passes: number;
}

/** Passes at most: each catches rows a concurrent writer sealed under an older key meanwhile. */
const MAX_PASSES = 5;

type Row = Record<string, unknown>;

/**
 * A value stored before its field was marked `encrypted` (the migration kept it as
 * text): read with the field's codec, as a save would have.
 */
function plainValue(field: FieldDefinition, raw: string): JsonValue {
  let input: unknown = raw;
  if (field.type === "json") {
    try {
      input = JSON.parse(raw) as unknown;
    } catch {
      input = raw;
    }
  }
  const value = codecFor(field.type).parse(input, field);
  return Buffer.isBuffer(value) ? value.toString("base64") : value;
}

/** The new SET values of one row: every encrypted value not yet under `keyId`, resealed. */
function resealRow(
  cipher: FieldCipher,
  table: SealedTable,
  keyId: string,
  row: Row,
): Row | undefined {
  const id = Number(row.id);
  const set: Row = {};
  for (const field of table.fields) {
    const stored = row[field.name];
    if (typeof stored !== "string") continue;
    const parsed = parseSealed(stored);
    if (parsed?.keyId === keyId) continue;
    const model = table.model.name;
    const value =
      parsed === undefined ? plainValue(field, stored) : cipher.open(model, field.name, id, stored);
    set[field.name] = cipher.seal(model, field.name, id, value);
    const hash = hashColumnOf(field);
    if (hash !== undefined) set[hash] = cipher.hash(model, field.name, value);
  }
  return Object.keys(set).length === 0 ? undefined : set;
}

/**
 * One pass over a table in id order: each batch of rows holding a value not under the
 * active key is read, resealed and written back by one statement (see writeResealed),
 * which writes a row only if it still holds the values read, so a row a writer changed
 * meanwhile is left alone (the writer sealed it under the key it had; the next pass
 * looks again). Progress lives in the data itself, so an interrupted rotation resumes
 * by running again.
 */
async function rotateTable(
  database: Database,
  cipher: FieldCipher,
  table: SealedTable,
  keyId: string,
  options: RotateOptions,
): Promise<{ rewritten: number; found: number }> {
  const columns = table.fields.map((f) => f.name);
  let after = 0;
  let rewritten = 0;
  let found = 0;
  for (;;) {
    options.signal?.throwIfAborted();
    const rows = (await database.db
      .selectFrom(table.table)
      .select(["id", ...columns])
      .where("id", ">", after)
      .where((eb) =>
        eb.or(
          columns.map((column) =>
            eb.and([eb(column, "is not", null), eb.not(sealedWith(column, keyId))]),
          ),
        ),
      )
      .orderBy("id")
      .limit(options.batch)
      .execute()) as Row[];
    if (rows.length === 0) return { rewritten, found };
    found += rows.length;
    const resealed = rows.flatMap((read) => {
      const set = resealRow(cipher, table, keyId, read);
      return set === undefined ? [] : [{ read, set }];
    });
    const batch = await writeResealed(database.db, database.dialect, table, resealed);
    rewritten += batch;
    after = Number(rows.at(-1)?.id ?? after);
    options.onBatch?.(table.model.name, batch);
  }
}

/**
 * `cairn keys rotate`: reseals every encrypted value under the active key, and seals
 * values stored in clear before their field was marked encrypted. Readers keep
 * working throughout: every value is either its old ciphertext (whose key stays in
 * the keyring) or its new one.
 */
export async function rotateSealed(
  database: Database,
  spec: ProjectSpec,
  cipher: FieldCipher,
  options: RotateOptions,
): Promise<RotateOutcome> {
  const keyId = cipher.activeKeyId();
  const rows: Record<string, number> = {};
  const tables = sealedTables(spec);
  let passes = 0;
  for (let pass = 1; pass <= MAX_PASSES; pass++) {
    passes = pass;
    let found = 0;
    for (const table of tables) {
      const outcome = await rotateTable(database, cipher, table, keyId, options);
      rows[table.model.name] = (rows[table.model.name] ?? 0) + outcome.rewritten;
      found += outcome.found;
    }
    if (found === 0) break;
  }
  return { keyId, rows, passes };
}
