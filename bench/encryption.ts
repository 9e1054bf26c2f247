/**
 * What field encryption costs: per backend, saves ROWS accounts (RecordStore.saveMany,
 * 1000 rows a call) into a model with three encrypted fields (one of them searchable)
 * and into the same model in clear, pages through all rows (`list` with limit 1000),
 * looks up 500 distinct emails by equality (the searchable encrypted field against a
 * plain indexed one), then makes a second key active and reseals every row
 * (rotateSealed, 500 rows a batch). The plain and encrypted runs alternate over
 * BENCH_ROUNDS rounds and the best of each is kept (the machine may be busy). Prints
 * rows/s (queries/s for the lookups) and the encrypted / plain ratio; it asserts no
 * timing (target: at least 0.7 for save and list).
 *
 *   npm run bench:encryption            # every reachable backend
 *   BENCH_ROWS=5000 BENCH_ROUNDS=2 BENCH_BACKENDS=sqlite npm run bench:encryption
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { KeyringFieldCipher } from "../src/engines/crypto/index.js";
import { openDatabase, type Database } from "../src/engines/storage/database.js";
import { tableName } from "../src/engines/storage/naming.js";
import { createRecordStore, type RecordStore } from "../src/engines/storage/records/index.js";
import { migrateDatabase } from "../src/engines/storage/schema/index.js";
import { rotateSealed } from "../src/engines/storage/sealed/index.js";
import { loadProjectSpec } from "../src/spec/index.js";
import type { ProjectSpec } from "../src/spec/project-spec.js";
import { benchDatabases } from "./bench-backends.js";

const ROWS = Number(process.env.BENCH_ROWS ?? 20_000);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const CHUNK = 1000;
const PAGE = 1000;
const LOOKUPS = Math.min(500, ROWS);
const ROTATE_BATCH = 500;
const PLAIN = "plain_account";
const SEALED = "sealed_account";

const MODELS = `
models:
  ${PLAIN}:
    fields:
      name: {type: string, required: true}
      email: {type: string, index: true}
      notes: {type: text}
      balance: {type: decimal, precision: 12, scale: 2}
      score: {type: integer}
  ${SEALED}:
    fields:
      name: {type: string, required: true}
      email: {type: string, encrypted: true, searchable: true}
      notes: {type: text, encrypted: true}
      balance: {type: decimal, precision: 12, scale: 2, encrypted: true}
      score: {type: integer}
`;

type Kind = "plain" | "encrypted";
const MODEL_OF: Record<Kind, string> = { plain: PLAIN, encrypted: SEALED };

function newKey(id: string): string {
  return `${id}:${randomBytes(32).toString("base64")}`;
}

function cipherOf(keysText: string): KeyringFieldCipher {
  return new KeyringFieldCipher({ keyFile: "/nonexistent", keysText });
}

function email(i: number): string {
  return `user${String(i)}@example.com`;
}

function accounts(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    key: { key: `acct-${String(i).padStart(6, "0")}` },
    values: {
      email: email(i),
      notes: `Account ${String(i)} opened at the Bern branch; statements by post, quarterly review.`,
      balance: (((i * 7919) % 10_000_000) / 100).toFixed(2),
      score: i % 1000,
    },
  }));
}

/** Runs `work` for plain and encrypted alternately, `ROUNDS` times; the best seconds of each. */
async function alternate(work: (kind: Kind) => Promise<number>): Promise<Record<Kind, number>> {
  const best: Record<Kind, number> = { plain: Infinity, encrypted: Infinity };
  for (let round = 0; round < ROUNDS; round++) {
    const order: Kind[] = round % 2 === 0 ? ["plain", "encrypted"] : ["encrypted", "plain"];
    for (const kind of order) best[kind] = Math.min(best[kind], await work(kind));
  }
  return best;
}

async function timed(work: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

async function saveAll(database: Database, store: RecordStore, kind: Kind): Promise<number> {
  const model = MODEL_OF[kind];
  await sql`delete from ${sql.table(tableName(model))}`.execute(database.db);
  const rows = accounts(ROWS);
  const seconds = await timed(async () => {
    for (let i = 0; i < rows.length; i += CHUNK) {
      await store.saveMany(model, rows.slice(i, i + CHUNK));
    }
  });
  return seconds;
}

async function listAll(store: RecordStore, kind: Kind): Promise<number> {
  let listed = 0;
  const seconds = await timed(async () => {
    for (let offset = 0; offset < ROWS; offset += PAGE) {
      listed += (await store.list(MODEL_OF[kind], { limit: PAGE, offset })).length;
    }
  });
  if (listed !== ROWS) throw new Error(`${kind}: listed ${String(listed)} of ${String(ROWS)} rows`);
  return seconds;
}

/** LOOKUPS distinct emails spread over all rows, each by equality: one row each. */
async function lookups(store: RecordStore, kind: Kind): Promise<number> {
  return timed(async () => {
    for (let k = 0; k < LOOKUPS; k++) {
      const wanted = email(Math.floor((k * ROWS) / LOOKUPS));
      const found = await store.list(MODEL_OF[kind], {
        filters: [{ path: "email", value: wanted }],
      });
      if (found.length !== 1 || found[0]?.email !== wanted) {
        throw new Error(`${kind}: ${wanted} found ${String(found.length)} times`);
      }
    }
  });
}

function perSecond(count: number, seconds: number): number {
  return count / seconds;
}

function figure(value: number, unit: string): string {
  return `${Math.round(value).toLocaleString("en-US")} ${unit}`.padStart(18);
}

function line(label: string, plain: number, encrypted: number, unit: string): string {
  return `  ${label.padEnd(8)}${figure(plain, unit)}${figure(encrypted, unit)}${(encrypted / plain).toFixed(2).padStart(10)}`;
}

async function benchOne(backend: string, url: string, spec: ProjectSpec): Promise<void> {
  const k1 = newKey("k1");
  const database = await openDatabase(url);
  try {
    await migrateDatabase(database, spec);
    const store = createRecordStore(database, spec, cipherOf(k1));

    const save = await alternate((kind) => saveAll(database, store, kind));
    const list = await alternate((kind) => listAll(store, kind));
    const filter = await alternate((kind) => lookups(store, kind));

    const rotation = cipherOf(`${newKey("k2")},${k1}`);
    let rewritten = 0;
    let passes = 0;
    const rotateSeconds = await timed(async () => {
      const outcome = await rotateSealed(database, spec, rotation, { batch: ROTATE_BATCH });
      rewritten = outcome.rows[SEALED] ?? 0;
      passes = outcome.passes;
    });
    // The resealed rows still read (and are found) under the new key.
    await lookups(createRecordStore(database, spec, rotation), "encrypted");

    console.log(
      [
        `${backend}: ${String(ROWS)} rows, best of ${String(ROUNDS)} rounds (plain and encrypted alternating)`,
        `  ${"".padEnd(8)}${"plain".padStart(18)}${"encrypted".padStart(18)}${"enc/plain".padStart(10)}`,
        line("save", perSecond(ROWS, save.plain), perSecond(ROWS, save.encrypted), "rows/s"),
        line("list", perSecond(ROWS, list.plain), perSecond(ROWS, list.encrypted), "rows/s"),
        line(
          "filter",
          perSecond(LOOKUPS, filter.plain),
          perSecond(LOOKUPS, filter.encrypted),
          "queries/s",
        ),
        `  ${"rotate".padEnd(8)}${figure(perSecond(rewritten, rotateSeconds), "rows/s")}  (${String(rewritten)} rows rewritten in ${rotateSeconds.toFixed(2)} s, ${String(passes)} pass${passes === 1 ? "" : "es"}, batch ${String(ROTATE_BATCH)})`,
        "target: encrypted/plain >= 0.7 for save and list",
        "",
      ].join("\n"),
    );
  } finally {
    await database.close();
  }
}

const project = mkdtempSync(join(tmpdir(), "cairn-bench-encryption-"));
try {
  writeFileSync(join(project, "cairn.yml"), "name: benchenc\nversion: 1.0.0\n");
  mkdirSync(join(project, "spec"));
  writeFileSync(join(project, "spec", "models.yml"), MODELS);
  const spec = await loadProjectSpec(project);
  for (const bench of await benchDatabases()) {
    try {
      await benchOne(bench.backend, bench.url, spec);
    } finally {
      await bench.drop();
    }
  }
} finally {
  rmSync(project, { recursive: true, force: true });
}
