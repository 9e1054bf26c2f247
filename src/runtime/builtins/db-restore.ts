import { resolve } from "node:path";
import {
  loadKeyring,
  readBackup,
  type BackupHeader,
  type BackupLine,
  type Keyring,
} from "../../engines/crypto/index.js";
import { migrateDatabase } from "../../engines/storage/schema/index.js";
import {
  nonEmptyTables,
  restoreSnapshot,
  type SnapshotBatch,
} from "../../engines/storage/snapshot/index.js";
import { BackupInvalid, RestoreNotEmpty } from "../../foundations/error-codes.js";
import type { BuiltinCommand } from "./builtin-command.js";
import { backupFacts } from "./db-backup.js";

function isBatch(line: BackupLine): line is SnapshotBatch {
  if (typeof line !== "object" || line === null) return false;
  const value = line as Record<string, unknown>;
  return (
    typeof value.table === "string" &&
    Array.isArray(value.columns) &&
    Array.isArray(value.rows) &&
    value.rows.every((row) => Array.isArray(row))
  );
}

function endCounts(line: BackupLine): Record<string, number> | undefined {
  if (typeof line !== "object" || line === null) return undefined;
  const value = line as Record<string, unknown>;
  if (value.end !== true || typeof value.counts !== "object" || value.counts === null) {
    return undefined;
  }
  return value.counts as Record<string, number>;
}

function invalid(file: string, what: string) {
  return BackupInvalid.create(`${file} ${what}`, {
    hint: "Nothing was restored. Use an intact backup that `cairn db backup` wrote.",
  });
}

/** The batches of a backup whose body was checked whole by `verify`. */
async function* batches(file: string, keyring: Keyring): AsyncGenerator<SnapshotBatch> {
  for await (const line of readBackup(file, keyring)) {
    if (isBatch(line)) yield line;
  }
}

/**
 * Reads the whole backup once, decrypting and authenticating every chunk and checking
 * every line, before anything is written: answers its header and rows per table.
 */
async function verify(
  file: string,
  keyring: Keyring,
  schema: string,
): Promise<{ header: BackupHeader; counts: Record<string, number> }> {
  let header: BackupHeader | undefined;
  const seen: Record<string, number> = {};
  let declared: Record<string, number> | undefined;
  const onHeader = (read: BackupHeader) => {
    header = read;
    if (read.schema !== schema) {
      throw BackupInvalid.create(
        `${file} was made with another schema (${read.project} ${read.version}, schema ${read.schema.slice(0, 12)}) than this project's (schema ${schema.slice(0, 12)})`,
        { hint: "Restore it with the spec it was made with; then change the spec and migrate." },
      );
    }
  };
  for await (const line of readBackup(file, keyring, onHeader)) {
    if (declared !== undefined) throw invalid(file, "has lines after its end");
    if (isBatch(line)) seen[line.table] = (seen[line.table] ?? 0) + line.rows.length;
    else if ((declared = endCounts(line)) === undefined)
      throw invalid(file, "has a line of no known kind");
  }
  if (header === undefined || declared === undefined) throw invalid(file, "has no end line");
  for (const [table, count] of Object.entries(declared)) {
    if ((seen[table] ?? 0) !== count) throw invalid(file, `lacks rows of '${table}'`);
  }
  return { header, counts: seen };
}

/**
 * `cairn db restore FILE`: checks the whole backup first (a changed, cut or foreign
 * file, or a missing or wrong key, changes nothing), refuses a database whose model
 * tables hold rows, migrates the schema as `db migrate` does, then inserts every row
 * with its id in one transaction.
 */
export const dbRestore: BuiltinCommand = async (ctx, parameters, { database, spec, settings }) => {
  const file = resolve(String(parameters.file));
  const keyring = loadKeyring(settings);
  const { schema } = backupFacts(spec, new Date());
  const { header, counts } = await verify(file, keyring, schema);
  ctx.info(
    `${file}: ${header.project} ${header.version}, made ${header.created} with key ${header.keyId}; checked`,
  );
  if (header.project !== spec.name) {
    ctx.warning(`The backup is of project '${header.project}', this is '${spec.name}'`);
  }
  const filled = await nonEmptyTables(database, spec);
  if (filled.length > 0) {
    throw RestoreNotEmpty.create(
      `cannot restore into ${database.displayUrl}: ${filled.slice(0, 5).join(", ")}${filled.length > 5 ? ", ..." : ""} already ${filled.length === 1 ? "holds" : "hold"} rows`,
      {
        hint: "Restore into a new, empty database (CAIRN_DATABASE_URL); nothing was changed.",
        details: { tables: filled },
      },
    );
  }
  ctx.signal.throwIfAborted();
  await migrateDatabase(database, spec);
  const restored = await restoreSnapshot(database, spec, () => batches(file, keyring));
  const rows = Object.values(restored).reduce((a, b) => a + b, 0);
  ctx.success(`Restored ${String(rows)} ${rows === 1 ? "row" : "rows"} from ${file}`);
  return { file, key: header.keyId, rows, tables: counts };
};
