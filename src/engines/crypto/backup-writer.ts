import { once } from "node:events";
import { createWriteStream, existsSync } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { BackupExists } from "../../foundations/error-codes.js";
import { DEFAULT_CHUNK_SIZE, newHeader, type BackupFacts } from "./backup-header.js";
import { activeKey, type Keyring } from "./keyring.js";
import { SealChunks } from "./seal-chunks.js";

export interface BackupWriterOptions {
  /** Replace an existing file. */
  readonly force?: boolean;
  readonly chunkSize?: number;
}

/** Writes one backup: lines of its body go in, compressed and encrypted on the way. */
export interface BackupWriter {
  readonly keyId: string;
  /** Writes one body line (a JSON text, no newline); waits while the file catches up. */
  write(line: string): Promise<void>;
  /** Ends the body and moves the finished file into place. */
  finish(): Promise<void>;
  /** Drops what was written; the target file is left as it was. */
  abort(): Promise<void>;
}

/**
 * Opens `file` for a backup under the keyring's active key. It is written to
 * `FILE.tmp` (mode 0600) and renamed once complete, so a failed backup never leaves a
 * file that looks whole; an existing file is kept unless `force`.
 */
export function openBackupWriter(
  file: string,
  facts: BackupFacts,
  keyring: Keyring,
  options: BackupWriterOptions = {},
): BackupWriter {
  if (options.force !== true && existsSync(file)) {
    throw BackupExists.create(`${file} already exists`, {
      hint: "Choose another file, or pass --force to replace it.",
    });
  }
  const key = activeKey(keyring, "a backup");
  const opened = newHeader(facts, key.id, key.key, options.chunkSize ?? DEFAULT_CHUNK_SIZE);
  const temporary = `${file}.tmp`;
  const gzip = createGzip();
  const done = pipeline(
    gzip,
    new SealChunks(opened.header, opened.key),
    createWriteStream(temporary, { mode: 0o600 }),
  );
  let failure: Error | undefined;
  done.catch((error: unknown) => {
    failure = error instanceof Error ? error : new Error(String(error));
  });
  return {
    keyId: key.id,
    async write(line) {
      if (failure !== undefined) throw failure;
      if (!gzip.write(`${line}\n`)) await Promise.race([once(gzip, "drain"), done]);
    },
    async finish() {
      gzip.end();
      await done;
      await rename(temporary, file);
    },
    async abort() {
      gzip.destroy();
      await done.catch(() => undefined);
      await rm(temporary, { force: true });
    },
  };
}
