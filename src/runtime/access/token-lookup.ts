import type { Database } from "../../engines/storage/database.js";
import { codecFor } from "../../engines/storage/records/codecs/codec-for.js";
import type { FieldDefinition } from "../../spec/field-definition.js";
import type { ProjectSpec } from "../../spec/project-spec.js";

const DATETIME = codecFor("datetime");
const BOOLEAN = codecFor("boolean");

/** A stored token as authentication reads it, with its user. */
export interface StoredToken {
  readonly id: number;
  readonly prefix: string;
  readonly user: string;
  readonly userId: number;
  readonly userActive: boolean;
  /** ISO instants, when set. */
  readonly expires: string | undefined;
  readonly revoked: string | undefined;
  readonly lastUsed: string | undefined;
}

function fieldOf(spec: ProjectSpec, model: string, name: string): FieldDefinition {
  const field = spec.models.get(model)?.fields.get(name);
  if (field === undefined) throw new Error(`the core model ${model} lacks its field ${name}`);
  return field;
}

function instant(value: unknown, database: Database, field: FieldDefinition): string | undefined {
  if (value === null || value === undefined) return undefined;
  const decoded = DATETIME.fromDb(value, database.dialect, field);
  return typeof decoded === "string" ? decoded : undefined;
}

/**
 * Finds a token by its hash, joined to its user: one indexed lookup. The `hash` field
 * is hidden from every query of the record store and the data API, so only this
 * lookup reads it.
 */
export async function findTokenByHash(
  database: Database,
  spec: ProjectSpec,
  hash: string,
): Promise<StoredToken | undefined> {
  const row = (await database.db
    .selectFrom("token")
    .innerJoin("user", "user.id", "token.user_id")
    .select([
      "token.id as id",
      "token.prefix as prefix",
      "token.expires as expires",
      "token.revoked as revoked",
      "token.last_used as last_used",
      "user.name as user",
      "user.id as user_id",
      "user.active as active",
    ])
    .where("token.hash", "=", hash)
    .limit(1)
    .executeTakeFirst()) as Record<string, unknown> | undefined;
  if (row === undefined) return undefined;
  return {
    id: Number(row.id),
    prefix: String(row.prefix),
    user: String(row.user),
    userId: Number(row.user_id),
    userActive:
      row.active === null ||
      BOOLEAN.fromDb(row.active, database.dialect, fieldOf(spec, "user", "active")) !== false,
    expires: instant(row.expires, database, fieldOf(spec, "token", "expires")),
    revoked: instant(row.revoked, database, fieldOf(spec, "token", "revoked")),
    lastUsed: instant(row.last_used, database, fieldOf(spec, "token", "last_used")),
  };
}

/** Records when a token was last used (best effort: a failure here refuses nothing). */
export async function touchToken(database: Database, id: number, now: Date): Promise<void> {
  await database.db
    .updateTable("token")
    .set({ last_used: DATETIME.toDb(now.toISOString(), database.dialect) })
    .where("id", "=", id)
    .execute();
}
