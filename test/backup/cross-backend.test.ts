import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BACKENDS, type TestBackend, type TestDatabase } from "../support/backends.js";
import {
  createBackupProject,
  fillSource,
  snapshotOf,
  type BackupProject,
} from "./backup-project.js";

const backend = (name: string): TestBackend => {
  const found = BACKENDS.find((b) => b.name === name);
  if (found === undefined) throw new Error(name);
  return found;
};

const PAIRS = [
  ["sqlite", "postgres"],
  ["postgres", "mysql"],
  ["mysql", "sqlite"],
] as const;

let project: BackupProject;
const databases: TestDatabase[] = [];
beforeAll(() => {
  project = createBackupProject();
});
afterAll(async () => {
  for (const database of databases) await database.drop();
  project.tree.remove();
});

async function freshDatabase(name: string): Promise<string> {
  const database = await backend(name).createDatabase();
  databases.push(database);
  return database.url;
}

describe("db backup and db restore across backends", () => {
  for (const [from, to] of PAIRS) {
    it.skipIf(!backend(from).available || !backend(to).available)(
      `${from} to ${to}: every row comes back with its id, and new rows get new ids`,
      async () => {
        const source = await freshDatabase(from);
        const target = await freshDatabase(to);
        await fillSource(project, source);
        const file = join(project.tree.dir, `${from}-${to}.cairnbak`);

        const backup = await project.run(["db", "backup", file], source);
        expect(backup.stderr).toBe("");
        expect(backup.code).toBe(0);
        expect(backup.stdout).toMatch(/Backed up \d+ rows of \d+ tables .* \(key k1\)/);

        const restore = await project.run(["db", "restore", file], target);
        expect(restore.stderr).toBe("");
        expect(restore.code).toBe(0);
        expect(restore.stdout).toContain("Restored");

        const before = await snapshotOf(project, source);
        const after = await snapshotOf(project, target);
        expect(after).toEqual(before);
        expect(after.find((b) => b.table === "item")?.rows).toHaveLength(3);
        expect(after.find((b) => b.table === "item__tags")?.rows).toHaveLength(3);

        const list = async (url: string) =>
          JSON.parse(
            (await project.run(["--format", "json", "item", "list"], url)).stdout,
          ) as unknown;
        expect(await list(target)).toEqual(await list(source));

        const added = await project.run(["tag", "save", "green"], target);
        expect(added.code).toBe(0);
        const tags = JSON.parse(
          (await project.run(["--format", "json", "tag", "list", "--order", "id"], target)).stdout,
        ) as { id: number; name: string }[];
        expect(tags.map((t) => [t.id, t.name])).toEqual([
          [1, "red"],
          [2, "blue"],
          [3, "green"],
        ]);
      },
    );
  }
});
