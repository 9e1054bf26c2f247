import { createReadStream } from "node:fs";
import { basename } from "node:path";
import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { BackupInvalid } from "../../foundations/error-codes.js";
import type { BackupHeader } from "./backup-header.js";
import { keyById, type Keyring } from "./keyring.js";
import { OpenChunks } from "./open-chunks.js";

/** A body line of a backup, parsed; the caller checks its shape. */
export type BackupLine = unknown;

/**
 * Reads a backup's body lines, each decrypted and authenticated before it is parsed.
 * A change, a cut, a key the keyring lacks or has other material for, each ends the
 * reading with a CairnError naming the file (and the key id). Lines are parsed as
 * they come: memory holds one chunk and one line at a time.
 */
export async function* readBackup(
  file: string,
  keyring: Keyring,
  onHeader: (header: BackupHeader) => void = () => undefined,
): AsyncGenerator<BackupLine, void> {
  const name = basename(file);
  const source = createReadStream(file);
  const opener = new OpenChunks(name, (id) => keyById(keyring, id, name).key, onHeader);
  const gunzip = createGunzip();
  const streams: Readable[] = [source, opener, gunzip];
  const forward = (error: Error) => gunzip.destroy(error);
  source.on("error", forward);
  opener.on("error", forward);
  source.pipe(opener).pipe(gunzip);
  let rest = "";
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      const lines = (rest + chunk.toString("utf8")).split("\n");
      rest = lines.pop() ?? "";
      for (const line of lines) if (line !== "") yield parseLine(line, name);
    }
  } catch (error) {
    // zlib's own errors mean the authenticated body is not gzip: not a backup of ours.
    if ((error as NodeJS.ErrnoException).code?.startsWith("Z_") === true) {
      throw BackupInvalid.create(`${name} holds no readable data`, { cause: error });
    }
    throw error;
  } finally {
    for (const stream of streams) stream.destroy();
  }
  if (rest !== "") yield parseLine(rest, name);
}

function parseLine(line: string, name: string): unknown {
  try {
    return JSON.parse(line);
  } catch (error) {
    throw BackupInvalid.create(`${name} holds a line that is not JSON`, { cause: error });
  }
}
