import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { setImmediate } from "node:timers/promises";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  createKey,
  KeyringFieldCipher,
  keyringSettled,
  loadKeyring,
} from "../../src/engines/crypto/index.js";
import { createRecordStore, type RecordStore } from "../../src/engines/storage/records/index.js";
import { migrateDatabase } from "../../src/engines/storage/schema/index.js";
import {
  countNotSealedWith,
  countSealedWith,
  rotateSealed,
} from "../../src/engines/storage/sealed/index.js";
import { loadProjectSpec } from "../../src/spec/index.js";
import type { ProjectSpec } from "../../src/spec/project-spec.js";
import { describeEachBackend, type BackendFixture } from "../support/describe-each-backend.js";
import { writeTempTree, type TempTree } from "../support/temp-tree.js";
import { ENCRYPTED_MODELS } from "./encrypted-project.js";

const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
const entry = fileURLToPath(new URL("../../src/faces/cli/entry.ts", import.meta.url));

let tree: TempTree;
let spec: ProjectSpec;
beforeAll(async () => {
  tree = writeTempTree("rotation", {
    "cairn.yml": "name: vault\nversion: 1.0.0\n",
    "spec/models.yml": ENCRYPTED_MODELS,
  });
  spec = await loadProjectSpec(tree.dir);
});
afterAll(() => {
  tree.remove();
});

function accounts(from: number, count: number, tag: string) {
  return Array.from({ length: count }, (_, i) => ({
    key: { key: `acct-${String(from + i).padStart(5, "0")}` },
    values: { secret: `secret-${String(from + i)}`, notes: `${tag} ${String(from + i)}`, count: i },
  }));
}

/** Every value of every account, read through the store (throws if any does not open). */
async function readAll(store: RecordStore): Promise<number> {
  const rows = await store.list("account", { fields: ["name", "secret", "notes", "count"] });
  for (const row of rows) {
    if (typeof row.secret !== "string" || !row.secret.startsWith("secret-")) {
      throw new Error(`unexpected secret ${JSON.stringify(row.secret)}`);
    }
  }
  return rows.length;
}

function cli(fixture: BackendFixture, keyFile: string, args: string[]) {
  const child = spawn(process.execPath, ["--import", tsx, entry, ...args], {
    cwd: tree.dir,
    env: {
      ...process.env,
      NO_COLOR: "1",
      CAIRN_DATABASE_URL: fixture.url(),
      CAIRN_KEY_FILE: keyFile,
      CAIRN_KEYS: "",
    },
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  return { child, exited, output: () => output };
}

describeEachBackend("key rotation", (fixture) => {
  let keyFile: string;
  let server: RecordStore;

  beforeAll(async () => {
    keyFile = join(tree.dir, `keys-${fixture.backend.name}.json`);
    createKey({ keyFile });
    await migrateDatabase(fixture.database(), spec);
    // The store a running server holds: its keyring is the key file, re-read when it changes.
    server = createRecordStore(fixture.database(), spec, new KeyringFieldCipher({ keyFile }));
    await server.saveMany("account", accounts(0, 400, "before"));
  });

  it(
    "reseals every value under the new key while readers and writers carry on",
    { timeout: 120_000 },
    async () => {
      createKey({ keyFile }, { activate: true });
      const k2 = "k2";
      const state = { stop: false };
      const failures: unknown[] = [];
      let reads = 0;
      let writes = 0;
      const reader = (async () => {
        while (!state.stop) {
          // SQLite answers without I/O: yield so timers (the rotation's wait) can run.
          await setImmediate();
          try {
            await readAll(server);
            const found = await server.list("account", {
              filters: [{ path: "secret", value: "secret-7" }],
            });
            if (found.length !== 1) throw new Error(`secret-7 found ${String(found.length)} times`);
            reads++;
          } catch (error) {
            failures.push(error);
          }
        }
      })();
      const writer = (async () => {
        let next = 1000;
        while (!state.stop) {
          await setImmediate();
          try {
            await server.saveMany("account", [
              ...accounts(next, 5, "during"),
              {
                key: { key: `acct-${String(next % 400).padStart(5, "0")}` },
                values: { notes: "edited" },
              },
            ]);
            next += 5;
            writes++;
          } catch (error) {
            failures.push(error);
          }
        }
      })();
      let outcome: Awaited<ReturnType<typeof rotateSealed>>;
      try {
        // As `cairn keys rotate` does: running servers read the changed key file first.
        await keyringSettled({ keyFile });
        outcome = await rotateSealed(
          fixture.database(),
          spec,
          new KeyringFieldCipher({ keyFile }),
          {
            batch: 50,
          },
        );
      } finally {
        state.stop = true;
        await Promise.all([reader, writer]);
      }
      expect(failures).toEqual([]);
      expect(reads).toBeGreaterThan(0);
      expect(writes).toBeGreaterThan(0);
      expect(outcome.keyId).toBe(k2);
      expect(outcome.rows.account).toBeGreaterThanOrEqual(400);
      // Writers that ran before the server saw the new key are caught by a second run.
      await rotateSealed(fixture.database(), spec, new KeyringFieldCipher({ keyFile }), {
        batch: 50,
      });
      expect(await countNotSealedWith(fixture.database(), spec, k2)).toBe(0);
      expect(await countSealedWith(fixture.database(), spec, "k1")).toEqual({});
      // Only the new key is needed now: a keyring holding k2 alone reads everything.
      const keyring = loadKeyring({ keyFile });
      const only = keyring.keys.find((k) => k.id === k2)?.key.toString("base64") ?? "";
      const k2Store = createRecordStore(
        fixture.database(),
        spec,
        new KeyringFieldCipher({ keyFile: "/nonexistent", keysText: `k2:${only}` }),
      );
      expect(await readAll(k2Store)).toBe(400 + writes * 5);
      expect(
        await k2Store.count("account", { filters: [{ path: "secret", value: "secret-1000" }] }),
      ).toBe(1);
    },
  );

  it(
    "resumes a rotation killed with SIGKILL, and retires the old key only after it",
    { timeout: 180_000 },
    async () => {
      await server.saveMany("account", accounts(5000, 1500, "bulk"));
      createKey({ keyFile }, { activate: true }); // k3
      const sealedWith = async (keyId: string) =>
        Object.values(await countSealedWith(fixture.database(), spec, keyId)).reduce(
          (a, b) => a + b,
          0,
        );
      const first = cli(fixture, keyFile, ["keys", "rotate", "batch=10"]);
      const deadline = Date.now() + 60_000;
      while ((await sealedWith("k3")) === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      first.child.kill("SIGKILL");
      expect(await first.exited).toBeNull();
      expect(await sealedWith("k3")).toBeGreaterThan(0);
      expect(await sealedWith("k2")).toBeGreaterThan(0);
      expect(await readAll(server)).toBeGreaterThan(1500);

      const refused = cli(fixture, keyFile, ["keys", "retire", "k2"]);
      expect(await refused.exited).toBe(2);
      expect(refused.output()).toContain("CAIRN_KEY_IN_USE");
      expect(refused.output()).toMatch(/key 'k2' still seals \d+ stored values \(account\./);

      const second = cli(fixture, keyFile, ["keys", "rotate"]);
      expect(await second.exited).toBe(0);
      expect(second.output()).toMatch(/Rotated \d+ rows to key k3/);
      expect(await countNotSealedWith(fixture.database(), spec, "k3")).toBe(0);
      for (const keyId of ["k1", "k2"]) {
        const retired = cli(fixture, keyFile, ["keys", "retire", keyId]);
        expect(await retired.exited).toBe(0);
      }
      expect(loadKeyring({ keyFile }).keys.map((k) => k.id)).toEqual(["k3"]);
      const active = cli(fixture, keyFile, ["keys", "retire", "k3"]);
      expect(await active.exited).toBe(2);
      expect(active.output()).toContain("CAIRN_KEY_IN_USE");
      expect(await readAll(server)).toBeGreaterThan(1500);
      const raw = await sql<{ secret: string }>`SELECT secret FROM account`.execute(
        fixture.database().db,
      );
      expect(raw.rows.every((r) => r.secret.startsWith("k3:"))).toBe(true);
    },
  );
});
