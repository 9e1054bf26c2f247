import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createRecordStore, type RecordStore } from "../../src/engines/storage/records/index.js";
import { migrateDatabase } from "../../src/engines/storage/schema/index.js";
import { sealedTables } from "../../src/engines/storage/sealed/sealed-columns.js";
import { writeResealed } from "../../src/engines/storage/sealed/write-resealed.js";
import { loadProjectSpec } from "../../src/spec/index.js";
import type { ProjectSpec } from "../../src/spec/project-spec.js";
import { describeEachBackend } from "../support/describe-each-backend.js";
import { writeTempTree, type TempTree } from "../support/temp-tree.js";
import { ENCRYPTED_MODELS, cipherOf, newKey } from "./encrypted-project.js";

let tree: TempTree;
let spec: ProjectSpec;

beforeAll(async () => {
  tree = writeTempTree("resealed", {
    "cairn.yml": "name: vault\nversion: 1.0.0\n",
    "spec/models.yml": ENCRYPTED_MODELS,
  });
  spec = await loadProjectSpec(tree.dir);
});
afterAll(() => {
  tree.remove();
});

describeEachBackend("rotation's batched write", (fixture) => {
  let store: RecordStore;
  const owners = async () =>
    (
      await sql<
        Record<string, unknown>
      >`SELECT id, name, code, code__hash FROM owner ORDER BY id`.execute(fixture.database().db)
    ).rows;

  beforeAll(async () => {
    await migrateDatabase(fixture.database(), spec);
    store = createRecordStore(fixture.database(), spec, cipherOf(newKey("k1")));
    for (const name of ["a", "b", "c"]) await store.save("owner", { key: name }, { code: name });
  });

  it("writes only rows that still hold what was read; a hash it does not set is kept", async () => {
    const read = await owners();
    // A writer changes b after rotation read it.
    await store.save("owner", { key: "b" }, { code: "changed by a writer" });
    const written = await owners();
    const table = sealedTables(spec).find((t) => t.model.name === "owner");
    if (table === undefined) throw new Error("no sealed table for owner");
    const count = await writeResealed(
      fixture.database().db,
      fixture.database().dialect,
      table,
      read.map((row, i) => ({
        read: row,
        set:
          i === 2
            ? { code: `new-${String(row.name)}` }
            : { code: `new-${String(row.name)}`, code__hash: `hash-${String(row.name)}` },
      })),
    );
    expect(count).toBe(2);
    const after = await owners();
    expect(after[0]).toMatchObject({ code: "new-a", code__hash: "hash-a" });
    // b is left as the writer wrote it, code and hash.
    expect(after[1]).toEqual(written[1]);
    // c's hash was not given: it keeps the one it had.
    expect(after[2]).toMatchObject({ code: "new-c", code__hash: read[2]?.code__hash });
  });
});
