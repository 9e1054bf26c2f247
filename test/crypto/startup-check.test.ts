import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createRecordStore } from "../../src/engines/storage/records/index.js";
import { openDatabase } from "../../src/engines/storage/database.js";
import { migrateDatabase } from "../../src/engines/storage/schema/index.js";
import type { CairnError } from "../../src/foundations/cairn-error.js";
import { loadSettings } from "../../src/foundations/settings.js";
import { openRuntime } from "../../src/runtime/index.js";
import { loadProjectSpec } from "../../src/spec/index.js";
import { collect } from "../runtime/support/collect.js";
import { writeTempTree, type TempTree } from "../support/temp-tree.js";
import { ENCRYPTED_MODELS, cipherOf, newKey } from "./encrypted-project.js";

const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
const entry = fileURLToPath(new URL("../../src/faces/cli/entry.ts", import.meta.url));

let tree: TempTree;
let url: string;
const K1 = newKey("k1");
const K2 = newKey("k2");

beforeAll(async () => {
  tree = writeTempTree("startup", {
    "cairn.yml": "name: vault\nversion: 1.0.0\n",
    "spec/models.yml": ENCRYPTED_MODELS,
    "spec/commands.yml": [
      "commands:",
      "  stash:",
      "    handler: handlers/stash.ts#stash",
      "    parameters:",
      "      value: {type: string, required: true}",
    ].join("\n"),
    "handlers/stash.ts": [
      "export async function stash(ctx: any, { value }: { value: string }) {",
      '  await ctx.model("account").save("from-handler", { secret: value, notes: value });',
      '  const row = await ctx.model("account").get("from-handler");',
      "  return [row.secret, row.notes];",
      "}",
    ].join("\n"),
  });
  url = `sqlite:${join(tree.dir, "data.db")}`;
  const spec = await loadProjectSpec(tree.dir);
  const database = await openDatabase(url);
  try {
    await migrateDatabase(database, spec);
    // Values under two keys, as after a rotation that has not run yet.
    await createRecordStore(database, spec, cipherOf(K1)).save(
      "account",
      { key: "a" },
      { secret: "s1" },
    );
    await createRecordStore(database, spec, cipherOf(`${K2},${K1}`)).save(
      "account",
      { key: "b" },
      { secret: "s2" },
    );
  } finally {
    await database.close();
  }
});
afterAll(() => {
  tree.remove();
});

async function check(keys: string): Promise<CairnError | undefined> {
  const env: Record<string, string> = { CAIRN_DATABASE_URL: url, CAIRN_KEYS: keys };
  const runtime = await openRuntime(loadSettings({ env, cwd: tree.dir }));
  try {
    await runtime.checkKeys();
    return undefined;
  } catch (error) {
    return error as CairnError;
  } finally {
    await runtime.close();
  }
}

it("passes with every key the stored values name", async () => {
  expect(await check(`${K2},${K1}`)).toBeUndefined();
});

it("names a key the stored values need and the keyring lacks", async () => {
  const error = await check(K2);
  expect(error?.code).toBe("CAIRN_KEY_MISSING");
  expect(error?.message).toContain("sealed with key 'k1', which the keyring lacks");
});

it("names a key whose id is right and whose material is not", async () => {
  const error = await check(`${K2},${newKey("k1")}`);
  expect(error?.code).toBe("CAIRN_KEY_WRONG");
  expect(error?.message).toContain("key 'k1' of the keyring does not open account.");
});

it("needs an active key when the spec has encrypted fields", async () => {
  const error = await check("");
  expect(error?.code).toBe("CAIRN_KEY_MISSING");
});

it("lets handlers read and write encrypted fields in their isolates", async () => {
  const env: Record<string, string> = { CAIRN_DATABASE_URL: url, CAIRN_KEYS: `${K2},${K1}` };
  const runtime = await openRuntime(loadSettings({ env, cwd: tree.dir }));
  try {
    const running = await runtime.start({
      command: "stash",
      parameters: { value: "kept-in-isolate" },
      origin: "api",
    });
    const messages = await collect(running.messages);
    expect(messages.at(-1)).toMatchObject({
      status: "success",
      result: ["kept-in-isolate", "kept-in-isolate"],
    });
  } finally {
    await runtime.close();
  }
  const database = await openDatabase(url);
  try {
    const raw = await sql<{ secret: string }>`
      SELECT secret FROM account WHERE name = 'from-handler'`.execute(database.db);
    expect(raw.rows[0]?.secret).toMatch(/^k2:/);
  } finally {
    await database.close();
  }
});

it("stops cairn serve before it listens, naming the key", async () => {
  const child = spawn(process.execPath, ["--import", tsx, entry, "serve", "--port", "0"], {
    cwd: tree.dir,
    env: { ...process.env, NO_COLOR: "1", CAIRN_DATABASE_URL: url, CAIRN_KEYS: K2 },
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  expect(code).toBe(2);
  expect(output).toContain("CAIRN_KEY_MISSING");
  expect(output).toContain("'k1'");
  expect(output).not.toContain("listening");
});
