import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  loadKeyring,
  openBackupWriter,
  readBackup,
  type Keyring,
} from "../../src/engines/crypto/index.js";

let dir: string;
let file: string;
let keyring: Keyring;
const key = randomBytes(32).toString("base64");
const facts = { project: "p", version: "1.0.0", schema: "abc", created: "2026-01-01T00:00:00Z" };
// Random text compresses badly, so a small chunk size gives many chunks.
const lines = Array.from({ length: 40 }, (_, i) =>
  JSON.stringify({ i, text: randomBytes(40).toString("hex") }),
);

async function readAll(path: string, ring: Keyring = keyring): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const line of readBackup(path, ring)) out.push(line);
  return out;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "cairn-format-"));
  file = join(dir, "a.cairnbak");
  keyring = loadKeyring({ keyFile: join(dir, "none.json"), keysText: `k7:${key}` });
  const writer = openBackupWriter(file, facts, keyring, { chunkSize: 256 });
  for (const line of lines) await writer.write(line);
  await writer.finish();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const variant = (name: string, bytes: Buffer): string => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};

describe("backup file format", () => {
  it("reads back what was written, from a 0600 file, with no temporary left", async () => {
    expect(await readAll(file)).toEqual(lines.map((l) => JSON.parse(l) as unknown));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(existsSync(`${file}.tmp`)).toBe(false);
    expect(readFileSync(file).includes(Buffer.from("text"))).toBe(false);
  });

  it("refuses an existing file unless forced", () => {
    expect(() => openBackupWriter(file, facts, keyring)).toThrow(
      expect.objectContaining({ code: "CAIRN_BACKUP_EXISTS" }),
    );
  });

  it("finds any flipped byte, in the header or any chunk", async () => {
    const bytes = readFileSync(file);
    expect(bytes.length).toBeGreaterThan(1500);
    for (let at = 0; at < bytes.length; at += 37) {
      const changed = Buffer.from(bytes);
      changed[at] = (changed[at] ?? 0) ^ 0x01;
      await expect(readAll(variant("flip.bak", changed))).rejects.toThrow(
        /not a Cairn backup|changed or damaged|is not the key|cut short|bytes after/,
      );
    }
  });

  it("finds a file cut short at any point, and bytes added after the end", async () => {
    const bytes = readFileSync(file);
    for (const length of [0, 5, 20, 200, bytes.length - 300, bytes.length - 1]) {
      await expect(readAll(variant("cut.bak", bytes.subarray(0, length)))).rejects.toThrow(
        expect.objectContaining({ code: "CAIRN_BACKUP_INVALID" }),
      );
    }
    await expect(readAll(variant("cut.bak", bytes.subarray(0, bytes.length - 1)))).rejects.toThrow(
      /cut short/,
    );
    const longer = Buffer.concat([bytes, Buffer.from([0, 0, 0, 0, 0, 0])]);
    await expect(readAll(variant("long.bak", longer))).rejects.toThrow(
      /bytes after its last chunk/,
    );
  });

  it("finds chunks swapped or dropped", async () => {
    const bytes = readFileSync(file);
    const headerEnd = 12 + bytes.readUInt32BE(8);
    const frames: Buffer[] = [];
    for (let at = headerEnd; at < bytes.length;) {
      const end = at + 5 + bytes.readUInt32BE(at + 1);
      frames.push(bytes.subarray(at, end));
      at = end;
    }
    expect(frames.length).toBeGreaterThan(3);
    const [first, second, ...rest] = frames;
    const header = bytes.subarray(0, headerEnd);
    const swapped = Buffer.concat([
      header,
      second ?? Buffer.alloc(0),
      first ?? Buffer.alloc(0),
      ...rest,
    ]);
    await expect(readAll(variant("swap.bak", swapped))).rejects.toThrow(
      /chunk 0 does not check out/,
    );
    const dropped = Buffer.concat([header, first ?? Buffer.alloc(0), ...rest]);
    await expect(readAll(variant("drop.bak", dropped))).rejects.toThrow(
      /chunk 1 does not check out/,
    );
    const noLast = Buffer.concat([header, ...frames.slice(0, -1)]);
    await expect(readAll(variant("nolast.bak", noLast))).rejects.toThrow(/cut short/);
  });

  it("names the key id when the keyring lacks it or holds other material", async () => {
    const other = (text: string) =>
      loadKeyring({ keyFile: join(dir, "none.json"), keysText: text });
    await expect(readAll(file, other(`k1:${key}`))).rejects.toThrow(
      expect.objectContaining({ code: "CAIRN_KEY_MISSING", details: { keyId: "k7" } }),
    );
    await expect(readAll(file, other(`k7:${randomBytes(32).toString("base64")}`))).rejects.toThrow(
      expect.objectContaining({ code: "CAIRN_KEY_WRONG", details: { keyId: "k7" } }),
    );
  });

  it("refuses a file that is no backup", async () => {
    await expect(
      readAll(variant("text.bak", Buffer.from("hello world, not a backup"))),
    ).rejects.toThrow(/not a Cairn backup/);
  });
});
