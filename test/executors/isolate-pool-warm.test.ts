import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { IsolatePool } from "../../src/engines/executors/isolate-pool.js";
import { writeTempTree, type TempTree } from "../support/temp-tree.js";

let tree: TempTree;
let pool: IsolatePool;

beforeAll(() => {
  tree = writeTempTree("warm", {
    "cairn.yml": "name: warm\nversion: 1.0.0\n",
    "handlers/echo.mjs": "export function echo(_ctx, { word }) { return word; }\n",
  });
  pool = new IsolatePool({
    size: 2,
    projectDir: tree.dir,
    databaseUrl: `sqlite:${join(tree.dir, "warm.db")}`,
    keys: { keyFile: join(tree.dir, ".cairn", "keys.json") },
    graceMs: 1000,
  });
});
afterAll(async () => {
  await pool.close();
  tree.remove();
});

it("starts its isolates before the first job when warmed, and runs jobs on them", async () => {
  expect(pool.size).toBe(0);
  await pool.warm();
  expect(pool.size).toBe(2);
  const run = (word: string) =>
    pool.start(
      {
        execution: word,
        user: "admin",
        handler: { file: join(tree.dir, "handlers/echo.mjs"), export: "echo" },
        parameters: { word },
      },
      { message: () => undefined, request: () => Promise.resolve(undefined) },
    ).outcome;
  const outcomes = await Promise.all(["a", "b", "c"].map(run));
  expect(outcomes).toEqual(["a", "b", "c"].map((word) => ({ status: "success", result: word })));
  // No thread beyond the pool's size was started for them; warming again adds none.
  expect(pool.size).toBe(2);
  await pool.warm();
  expect(pool.size).toBe(2);
});
