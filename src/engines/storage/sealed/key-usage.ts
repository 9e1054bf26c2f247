import { KeyMissing, KeyWrong } from "../../../foundations/error-codes.js";
import { CairnError } from "../../../foundations/cairn-error.js";
import type { ProjectSpec } from "../../../spec/project-spec.js";
import { parseSealed, type FieldCipher } from "../records/field-cipher.js";
import { expressionBuilder, type Expression, type SqlBool } from "kysely";
import type { Database, DynamicDatabase } from "../database.js";
import { sealedWith } from "./key-prefix.js";
import { sealedTables } from "./sealed-columns.js";

/** Stored encrypted values matching `which`, by `model.field` (fields with none left out). */
async function countSealed(
  database: Database,
  spec: ProjectSpec,
  which: (column: string) => Expression<SqlBool>,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of sealedTables(spec)) {
    for (const field of table.fields) {
      const row = (await database.db
        .selectFrom(table.table)
        .select((eb) => eb.fn.countAll().as("count"))
        .where(which(field.name))
        .executeTakeFirst()) as { count: unknown } | undefined;
      const count = Number(row?.count ?? 0);
      if (count > 0) counts[`${table.model.name}.${field.name}`] = count;
    }
  }
  return counts;
}

/** Stored values sealed under `keyId`, by `model.field` (fields with none left out). */
export function countSealedWith(
  database: Database,
  spec: ProjectSpec,
  keyId: string,
): Promise<Record<string, number>> {
  return countSealed(database, spec, (column) => sealedWith(column, keyId));
}

/** Stored values not sealed under `keyId` (older keys, or never sealed). */
export async function countNotSealedWith(
  database: Database,
  spec: ProjectSpec,
  keyId: string,
): Promise<number> {
  const eb = expressionBuilder<DynamicDatabase, string>();
  const counts = await countSealed(database, spec, (column) =>
    eb.and([eb(column, "is not", null), eb.not(sealedWith(column, keyId))]),
  );
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

/**
 * The check a server or worker makes before it starts: the keyring has an active key
 * when the spec has encrypted fields; no stored value names a key the keyring lacks;
 * and each key opens a stored value it sealed (the same id with other material would
 * fail every read). Errors name the key id. A table not created yet is skipped.
 */
export async function checkSealedKeys(
  database: Database,
  spec: ProjectSpec,
  cipher: FieldCipher,
): Promise<void> {
  const tables = sealedTables(spec);
  if (tables.length === 0) return;
  // The project's own encrypted fields need a key to be written at all; the core's
  // (secret parameters) only when a command with one runs, which then says so.
  if (tables.some((t) => t.model.module !== "core")) cipher.activeKeyId();
  const known = cipher.keyIds();
  tables: for (const table of tables) {
    for (const field of table.fields) {
      const column = field.name;
      let stranger: Record<string, unknown> | undefined;
      try {
        let query = database.db
          .selectFrom(table.table)
          .select(["id", column])
          .where(column, "is not", null);
        if (known.length > 0) {
          query = query.where((eb) => eb.not(eb.or(known.map((id) => sealedWith(column, id)))));
        }
        stranger = await query.limit(1).executeTakeFirst();
      } catch (error) {
        if (error instanceof CairnError) throw error;
        continue tables; // not migrated yet: nothing is stored
      }
      const where = `${table.model.name}.${column} of row ${String(stranger?.id)}`;
      const text = stranger?.[column];
      if (typeof text === "string") {
        const keyId = parseSealed(text)?.keyId;
        if (keyId !== undefined) {
          throw KeyMissing.create(
            `${where} is sealed with key '${keyId}', which the keyring lacks`,
            {
              hint: `Add key '${keyId}' to the keyring (the key file or CAIRN_KEYS) before starting.`,
              details: { keyId },
            },
          );
        }
        // A value in clear (stored before `encrypted: true`) fails alone when read, and
        // `cairn keys rotate` seals it; it does not stop the start.
      }
      for (const keyId of known) {
        const sample = (await database.db
          .selectFrom(table.table)
          .select(["id", column])
          .where(sealedWith(column, keyId))
          .limit(1)
          .executeTakeFirst()) as Record<string, unknown> | undefined;
        const sealed = sample?.[column];
        if (typeof sealed !== "string") continue;
        try {
          cipher.open(table.model.name, column, Number(sample?.id), sealed);
        } catch (error) {
          throw KeyWrong.create(
            `key '${keyId}' of the keyring does not open ${table.model.name}.${column} of row ${String(sample?.id)}, which it sealed`,
            {
              hint: `The keyring's key '${keyId}' is not the one the data was sealed with: use the key file or CAIRN_KEYS that holds the right one.`,
              details: { keyId },
              cause: error,
            },
          );
        }
      }
    }
  }
}
