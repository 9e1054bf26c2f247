import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createRecordStore, type RecordStore } from "../../src/engines/storage/records/index.js";
import { migrateDatabase } from "../../src/engines/storage/schema/index.js";
import { loadProjectSpec } from "../../src/spec/index.js";
import type { ProjectSpec } from "../../src/spec/project-spec.js";
import { describeEachBackend } from "../support/describe-each-backend.js";
import { writeTempTree, type TempTree } from "../support/temp-tree.js";
import {
  ACCOUNT_VALUES,
  ENCRYPTED_MODELS,
  PLAINTEXT_MARKERS,
  cipherOf,
  newKey,
  failure,
} from "./encrypted-project.js";

let tree: TempTree;
let spec: ProjectSpec;
const KEYS = newKey("k1");

beforeAll(async () => {
  tree = writeTempTree("fields", {
    "cairn.yml": "name: vault\nversion: 1.0.0\n",
    "spec/models.yml": ENCRYPTED_MODELS,
  });
  spec = await loadProjectSpec(tree.dir);
});
afterAll(() => {
  tree.remove();
});

describeEachBackend("encrypted fields", (fixture) => {
  let store: RecordStore;
  const rawRows = async (table: string) =>
    (await sql.raw(`SELECT * FROM ${table}`).execute(fixture.database().db)).rows as Record<
      string,
      unknown
    >[];

  beforeAll(async () => {
    await migrateDatabase(fixture.database(), spec);
    store = createRecordStore(fixture.database(), spec, cipherOf(KEYS));
    await store.save("owner", { key: "acme" }, { code: "owner-code-x" });
    await store.save("owner", { key: "other" }, { code: "owner-code-y" });
    await store.save("account", { key: "a" }, { ...ACCOUNT_VALUES, owner: "acme", plain: "p" });
    await store.saveMany("account", [
      { key: { key: "b" }, values: { ...ACCOUNT_VALUES, secret: "second", owner: "other" } },
      { key: { key: "c" }, values: { secret: "third", notes: null } },
    ]);
  });

  it("round-trips every field type, answering what a plain field would", async () => {
    const row = await store.get("account", { key: "a" });
    expect(row).toMatchObject({ ...ACCOUNT_VALUES, owner: "acme", plain: "p" });
    const [, b, c] = await store.list("account", { order: ["name"] });
    expect(b).toMatchObject({ ...ACCOUNT_VALUES, secret: "second", owner: "other" });
    expect(c).toMatchObject({ secret: "third", notes: null, count: null, blob: null });
  });

  it("stores no plaintext: a raw read finds only ciphertext with its key id", async () => {
    const raw = JSON.stringify(
      [...(await rawRows("account")), ...(await rawRows("owner"))],
      (_, value: unknown) => (typeof value === "bigint" ? String(value) : value),
    );
    for (const marker of PLAINTEXT_MARKERS) expect(raw).not.toContain(marker);
    const [first] = await rawRows("account");
    expect(String(first?.notes)).toMatch(/^k1:[A-Za-z0-9+/]+=*$/);
    expect(String(first?.secret__hash)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("uses the default of an encrypted field, sealed like any value", async () => {
    await store.save("account", { key: "d" }, {});
    expect((await store.get("account", { key: "d" })).secret).toBe("none");
    const raw = (await rawRows("account")).find((r) => r.name === "d");
    expect(String(raw?.secret)).toMatch(/^k1:/);
  });

  it("updates and clears encrypted values in place", async () => {
    await store.save("account", { key: "c" }, { notes: "new notes", count: 3 });
    expect(await store.get("account", { key: "c" })).toMatchObject({
      notes: "new notes",
      count: 3,
    });
    await store.save("account", { key: "c" }, { notes: null });
    expect((await store.get("account", { key: "c" })).notes).toBeNull();
    const error = await failure(store.save("account", { key: "c" }, { count: -1 }));
    expect(error.code).toBe("CAIRN_RECORD_INVALID");
  });

  it("gives concurrent writers of new rows distinct ids, and the database's own ids come after", async () => {
    const batch = (writer: number) =>
      store.transaction((tx) =>
        tx.saveMany(
          "account",
          Array.from({ length: 40 }, (_, i) => ({
            key: { key: `w${String(writer)}-${String(i)}` },
            values: { secret: `w${String(writer)}-${String(i)}-secret` },
          })),
        ),
      );
    await Promise.all([0, 1, 2, 3].map(batch));
    const rows = await store.list("account", {
      filters: [{ path: "name__startswith", value: "w" }],
      fields: ["id", "name", "secret"],
      limit: 1000,
    });
    expect(rows).toHaveLength(160);
    expect(new Set(rows.map((row) => row.id)).size).toBe(160);
    for (const row of rows) expect(row.secret).toBe(`${String(row.name)}-secret`);
    // A row the database numbers itself (a plain INSERT) lands past every id taken.
    const db = fixture.database().db;
    const now = new Date().toISOString().replace("T", " ").replace("Z", "");
    await db
      .insertInto("account")
      .values({ name: "numbered-by-the-database", created: now, updated: now })
      .execute();
    const numbered = await db
      .selectFrom("account")
      .select("id")
      .where("name", "=", "numbered-by-the-database")
      .executeTakeFirstOrThrow();
    expect(Number(numbered.id)).toBeGreaterThan(Math.max(...rows.map((row) => Number(row.id))));
    await db.deleteFrom("account").where("name", "=", "numbered-by-the-database").execute();
  });

  it("filters a searchable field by equality, also across a relation", async () => {
    const found = await store.list("account", { filters: [{ path: "secret", value: "second" }] });
    expect(found.map((r) => r.name)).toEqual(["b"]);
    const none = await store.list("account", { filters: [{ path: "secret", value: "Second" }] });
    expect(none).toEqual([]);
    const owned = await store.list("account", {
      filters: [{ path: "owner__code", value: "owner-code-x" }],
    });
    expect(owned.map((r) => r.name)).toEqual(["a"]);
    expect(await store.count("account", { filter: "or(secret=third,secret=second)" })).toBe(2);
    // Values of the row and of a joined row, each opened under its own row's id.
    const read = await store.list("account", {
      filters: [{ path: "name__in", value: ["a", "b"] }],
      fields: ["name", "secret", "owner__code", "owner__name"],
      order: ["name"],
    });
    expect(read).toEqual([
      {
        name: "a",
        secret: ACCOUNT_VALUES.secret,
        owner__code: "owner-code-x",
        owner__name: "acme",
      },
      { name: "b", secret: "second", owner__code: "owner-code-y", owner__name: "other" },
    ]);
  });

  it("refuses other comparisons, ordering and non-searchable filters with a clear 400", async () => {
    for (const options of [
      { filters: [{ path: "secret__icontains", value: "sec" }] },
      { filters: [{ path: "secret__gt", value: "a" }] },
      { filters: [{ path: "notes", value: "zebra-notes" }] },
      { order: ["count"] },
    ]) {
      const error = await failure(store.list("account", options));
      expect(error.code).toBe("CAIRN_QUERY_ENCRYPTED_FIELD");
      expect(error.status).toBe(400);
    }
  });

  it("detects a ciphertext moved to another row or another field", async () => {
    const db = fixture.database().db;
    const [a, b] = await rawRows("account");
    await sql`UPDATE account SET notes = ${b?.notes} WHERE id = ${a?.id}`.execute(db);
    const moved = await failure(store.get("account", { key: "a" }));
    expect(moved.code).toBe("CAIRN_FIELD_UNREADABLE");
    expect(moved.message).toContain("account.notes of row");
    await sql`UPDATE account SET notes = ${a?.ref} WHERE id = ${a?.id}`.execute(db);
    expect((await failure(store.get("account", { key: "a" }))).code).toBe("CAIRN_FIELD_UNREADABLE");
    await sql`UPDATE account SET notes = ${a?.notes} WHERE id = ${a?.id}`.execute(db);
    expect((await store.get("account", { key: "a" })).notes).toBe(ACCOUNT_VALUES.notes);
  });

  it("never answers plaintext for a wrong or missing key: it names the key", async () => {
    const wrong = createRecordStore(fixture.database(), spec, cipherOf(newKey("k1")));
    const error = await failure(wrong.get("account", { key: "a" }));
    expect(error.code).toBe("CAIRN_FIELD_UNREADABLE");
    expect(error.message).toContain("key 'k1'");
    const missing = createRecordStore(fixture.database(), spec, cipherOf(newKey("k9")));
    const absent = await failure(missing.get("account", { key: "a" }));
    expect(absent.code).toBe("CAIRN_KEY_MISSING");
    expect(absent.message).toContain("'k1'");
    const none = createRecordStore(fixture.database(), spec);
    expect((await failure(none.save("account", { key: "z" }, { secret: "s" }))).code).toBe(
      "CAIRN_KEY_MISSING",
    );
    expect(await store.count("account", { filters: [{ path: "name", value: "z" }] })).toBe(0);
  });
});
