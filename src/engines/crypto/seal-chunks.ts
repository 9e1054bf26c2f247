import { createCipheriv } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";
import {
  chunkAad,
  chunkIv,
  encodeHeader,
  headerDigest,
  type BackupHeader,
} from "./backup-header.js";

/**
 * Encrypts a byte stream into the backup format: the header, then frames of
 * `flag (1 byte: 1 on the last) | length (4 bytes) | AES-256-GCM ciphertext | tag`.
 * Each chunk is `chunkSize` plaintext bytes (the last fewer, possibly none) and
 * authenticates the header's digest, its index and its flag, so a changed, reordered,
 * dropped or added chunk, and a file cut short, are all found.
 */
export class SealChunks extends Transform {
  readonly #key: Buffer;
  readonly #nonce: Buffer;
  readonly #digest: Buffer;
  readonly #chunkSize: number;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #index = 0;

  constructor(header: BackupHeader, key: Buffer) {
    super();
    const headerBytes = encodeHeader(header);
    this.#key = key;
    this.#nonce = Buffer.from(header.nonce, "base64");
    this.#digest = headerDigest(headerBytes);
    this.#chunkSize = header.chunkSize;
    this.push(headerBytes);
  }

  override _transform(data: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.#pending.push(data);
    this.#pendingBytes += data.length;
    // A full chunk goes out only once more follows, so the last one can say it is last.
    while (this.#pendingBytes > this.#chunkSize) {
      const all = Buffer.concat(this.#pending);
      this.push(this.#seal(all.subarray(0, this.#chunkSize), false));
      const rest = all.subarray(this.#chunkSize);
      this.#pending = [rest];
      this.#pendingBytes = rest.length;
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    this.push(this.#seal(Buffer.concat(this.#pending), true));
    this.#pending = [];
    done();
  }

  #seal(plain: Buffer, last: boolean): Buffer {
    const index = this.#index++;
    const cipher = createCipheriv("aes-256-gcm", this.#key, chunkIv(this.#nonce, index));
    cipher.setAAD(chunkAad(this.#digest, index, last));
    const body = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    const frame = Buffer.alloc(5);
    frame.writeUInt8(last ? 1 : 0, 0);
    frame.writeUInt32BE(body.length, 1);
    return Buffer.concat([frame, body]);
  }
}
