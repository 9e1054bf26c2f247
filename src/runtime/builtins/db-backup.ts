import { resolve } from "node:path";
import { loadKeyring, openBackupWriter } from "../../engines/crypto/index.js";
import { schemaFingerprint, wantedSchema } from "../../engines/storage/schema/index.js";
import { readSnapshot } from "../../engines/storage/snapshot/index.js";
import type { ProjectSpec } from "../../spec/project-spec.js";
import type { BuiltinCommand } from "./builtin-command.js";

/** What the header of a backup of `spec` says about it. */
export function backupFacts(spec: ProjectSpec, now: Date) {
  return {
    project: spec.name,
    version: spec.version,
    schema: schemaFingerprint(wantedSchema(spec)),
    created: now.toISOString(),
  };
}

/**
 * `cairn db backup FILE [--force]`: every row of every model, read in one consistent
 * transaction, written compressed and encrypted under the active key (see
 * docs/encryption.md). The body is one JSON line per batch of one table, then an end
 * line with the rows per table, so a restore can tell a whole body from a part.
 */
export const dbBackup: BuiltinCommand = async (ctx, parameters, { database, spec, settings }) => {
  const file = resolve(String(parameters.file));
  const keyring = loadKeyring(settings);
  const writer = openBackupWriter(file, backupFacts(spec, new Date()), keyring, {
    force: parameters.force === true,
  });
  let counts: Record<string, number>;
  try {
    counts = await readSnapshot(database, spec, async (batch) => {
      ctx.signal.throwIfAborted();
      await writer.write(JSON.stringify(batch));
    });
    await writer.write(JSON.stringify({ end: true, counts }));
    await writer.finish();
  } catch (error) {
    await writer.abort();
    throw error;
  }
  const rows = Object.values(counts).reduce((a, b) => a + b, 0);
  const tables = Object.keys(counts).length;
  ctx.success(
    `Backed up ${String(rows)} ${rows === 1 ? "row" : "rows"} of ${String(tables)} tables to ${file} (key ${writer.keyId})`,
  );
  return { file, key: writer.keyId, rows, tables: counts };
};
