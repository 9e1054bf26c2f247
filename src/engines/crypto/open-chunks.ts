import { createDecipheriv } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";
import { BackupInvalid } from "../../foundations/error-codes.js";
import {
  chunkAad,
  chunkIv,
  damaged,
  decodeHeader,
  headerDigest,
  headerLength,
  openHeader,
  type BackupHeader,
} from "./backup-header.js";

const TAG_BYTES = 16;
const FRAME_BYTES = 5;

/**
 * Decrypts the backup format (see SealChunks), passing on a chunk's plaintext only
 * once its tag checked out. `keyFor` gives the keyring's key for the header's key id
 * (and throws when there is none); the header is handed to `onHeader` first.
 */
export class OpenChunks extends Transform {
  readonly #name: string;
  readonly #keyFor: (keyId: string) => Buffer;
  readonly #onHeader: (header: BackupHeader) => void;
  #buffer: Buffer = Buffer.alloc(0);
  #header: BackupHeader | undefined;
  #key: Buffer = Buffer.alloc(0);
  #nonce: Buffer = Buffer.alloc(0);
  #digest: Buffer = Buffer.alloc(0);
  #index = 0;
  #ended = false;

  constructor(
    name: string,
    keyFor: (keyId: string) => Buffer,
    onHeader: (header: BackupHeader) => void = () => undefined,
  ) {
    super();
    this.#name = name;
    this.#keyFor = keyFor;
    this.#onHeader = onHeader;
  }

  override _transform(data: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      this.#buffer = this.#buffer.length === 0 ? data : Buffer.concat([this.#buffer, data]);
      this.#drain();
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    if (this.#header === undefined && this.#buffer.length < 12) {
      done(
        BackupInvalid.create(`${this.#name} is not a Cairn backup (it is too short)`, {
          hint: "Give a file that `cairn db backup` wrote.",
        }),
      );
      return;
    }
    if (!this.#ended) {
      done(
        BackupInvalid.create(`${this.#name} is cut short: it ends before its last chunk`, {
          hint: "Nothing was restored. Use a complete copy of the backup.",
        }),
      );
      return;
    }
    done();
  }

  #drain(): void {
    if (this.#header === undefined) {
      if (this.#buffer.length < 12) return;
      const length = headerLength(this.#buffer, this.#name);
      if (this.#buffer.length < length) return;
      const headerBytes = this.#buffer.subarray(0, length);
      const header = decodeHeader(headerBytes, this.#name);
      this.#key = openHeader(header, this.#keyFor(header.keyId), this.#name);
      this.#nonce = Buffer.from(header.nonce, "base64");
      this.#digest = headerDigest(headerBytes);
      this.#header = header;
      this.#buffer = this.#buffer.subarray(length);
      this.#onHeader(header);
    }
    const header = this.#header;
    while (this.#buffer.length >= FRAME_BYTES) {
      if (this.#ended) {
        throw BackupInvalid.create(`${this.#name} has bytes after its last chunk`, {
          hint: "Nothing was restored. Use an intact copy of the backup.",
        });
      }
      const flag = this.#buffer.readUInt8(0);
      const length = this.#buffer.readUInt32BE(1);
      if (flag > 1 || length < TAG_BYTES || length > header.chunkSize + TAG_BYTES) {
        throw damaged(this.#name, `chunk ${String(this.#index)}`);
      }
      if (this.#buffer.length < FRAME_BYTES + length) return;
      const body = this.#buffer.subarray(FRAME_BYTES, FRAME_BYTES + length);
      this.#buffer = this.#buffer.subarray(FRAME_BYTES + length);
      this.push(this.#open(body, flag === 1));
    }
    if (this.#ended && this.#buffer.length > 0) {
      throw BackupInvalid.create(`${this.#name} has bytes after its last chunk`, {
        hint: "Nothing was restored. Use an intact copy of the backup.",
      });
    }
  }

  #open(body: Buffer, last: boolean): Buffer {
    const index = this.#index++;
    const decipher = createDecipheriv("aes-256-gcm", this.#key, chunkIv(this.#nonce, index));
    decipher.setAAD(chunkAad(this.#digest, index, last));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    try {
      const plain = Buffer.concat([
        decipher.update(body.subarray(0, body.length - TAG_BYTES)),
        decipher.final(),
      ]);
      if (last) this.#ended = true;
      return plain;
    } catch {
      throw damaged(this.#name, `chunk ${String(index)}`);
    }
  }
}
