import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BACKENDS, type TestDatabase } from "../support/backends.js";
import {
  createBackupProject,
  fillSource,
  snapshotOf,
  tablesOf,
  type BackupProject,
} from "./backup-project.js";

const sqlite = BACKENDS[0];
let project: BackupProject;
let source: TestDatabase;
let file: string;
const targets: TestDatabase[] = [];

beforeAll(async () => {
  if (sqlite === undefined) throw new Error("no SQLite backend");
  project = createBackupProject();
  source = await sqlite.createDatabase();
  await fillSource(project, source.url);
  file = join(project.tree.dir, "good.cairnbak");
  const backup = await project.run(["db", "backup", file], source.url);
  if (backup.code !== 0) throw new Error(backup.stderr);
});
afterAll(async () => {
  for (const target of [source, ...targets]) await target.drop();
  project.tree.remove();
});

async function emptyTarget(): Promise<string> {
  if (sqlite === undefined) throw new Error("no SQLite backend");
  const target = await sqlite.createDatabase();
  targets.push(target);
  return target.url;
}

/** Restores `path` into a new database; it must fail and leave that database without tables. */
async function refusedRestore(path: string, env: Record<string, string> = {}): Promise<string> {
  const target = await emptyTarget();
  const result = await project.run(["db", "restore", path], target, env);
  expect(result.code).toBe(2);
  expect(result.stdout).toBe("");
  expect(await tablesOf(target)).toEqual([]);
  return result.stderr;
}

function variant(name: string, change: (bytes: Buffer) => Buffer): string {
  const path = join(project.tree.dir, name);
  writeFileSync(path, change(readFileSync(file)));
  return path;
}

describe("db restore refuses and changes nothing", () => {
  it("refuses a file with a byte flipped, anywhere", async () => {
    const size = readFileSync(file).length;
    for (const at of [3, 20, Math.floor(size / 2), size - 2]) {
      const path = variant(`flip-${String(at)}.cairnbak`, (bytes) => {
        const changed = Buffer.from(bytes);
        changed[at] = (changed[at] ?? 0) ^ 0x40;
        return changed;
      });
      expect(await refusedRestore(path)).toMatch(
        /CAIRN_BACKUP_INVALID|CAIRN_KEY_WRONG|not a Cairn backup|changed or damaged/,
      );
    }
  });

  it("refuses a file cut short", async () => {
    const path = variant("cut.cairnbak", (bytes) => bytes.subarray(0, bytes.length - 10));
    expect(await refusedRestore(path)).toContain("cut short");
  });

  it("names the key id when the key is missing or wrong", async () => {
    const missing = await refusedRestore(file, {
      CAIRN_KEYS: `k2:${randomBytes(32).toString("base64")}`,
    });
    expect(missing).toContain("CAIRN_KEY_MISSING");
    expect(missing).toContain("'k1'");
    const wrong = await refusedRestore(file, {
      CAIRN_KEYS: `k1:${randomBytes(32).toString("base64")}`,
    });
    expect(wrong).toContain("CAIRN_KEY_WRONG");
    expect(wrong).toContain("'k1'");
  });

  it("refuses a database whose model tables hold rows", async () => {
    const before = await snapshotOf(project, source.url);
    const result = await project.run(["db", "restore", file], source.url);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("CAIRN_RESTORE_NOT_EMPTY");
    expect(await snapshotOf(project, source.url)).toEqual(before);
  });

  it("refuses to overwrite a backup unless forced", async () => {
    const again = await project.run(["db", "backup", file], source.url);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("CAIRN_BACKUP_EXISTS");
    expect((await project.run(["db", "backup", file, "--force"], source.url)).code).toBe(0);
  });

  it("refuses a backup without a key to make it with", async () => {
    const result = await project.run(
      ["db", "backup", join(project.tree.dir, "x.cairnbak")],
      source.url,
      {
        CAIRN_KEYS: "",
        CAIRN_KEY_FILE: join(project.tree.dir, "no-keys.json"),
      },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("cairn keys create");
  });
});
