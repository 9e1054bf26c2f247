/**
 * What field encryption costs: per backend, saves ROWS accounts (RecordStore.saveMany,
 * 1000 rows a call) into a model with three encrypted fields (one of them searchable)
 * and into the same model in clear, pages through all rows (`list` with limit 1000),
 * looks up 500 distinct emails by equality (the searchable encrypted field against a
 * plain indexed one), then makes a second key active and reseals every row
 * (rotateSealed, 500 rows a batch). The plain and encrypted runs alternate over
 * BENCH_ROUNDS rounds and the best of each is kept (the machine may be busy). Prints
 * rows/s (queries/s for the lookups) and the encrypted / plain ratio; it asserts no
 * timing (target: at least 0.7 for save and list). Under each list it prints the
 * ceiling per-value encryption leaves: one AES-256-GCM open through node:crypto alone
 * (measured here, nothing of Cairn's around it) three times per row, against a plain
 * row's time.
 *
 * A second section per backend does the same through the HTTP data API, as its user
 * sees it (the app built in-process and driven with Fastify's `app.inject`, no network,
 * over the resealed rows and the rotated keyring): pages of 50 rows
 * (`GET /data/<model>?limit=50&offset=N`, the API's default page size) over the first
 * API_LIST_ROWS rows, API_SAVES single-row `POST /data/<model>` (new names each round),
 * and the LOOKUPS emails by `GET /data/<model>?email=...`; plain and encrypted alternate
 * the same way. Status codes and answers are checked, timings are not.
 *
 *   npm run bench:encryption            # every reachable backend
 *   BENCH_ROWS=5000 BENCH_ROUNDS=2 BENCH_BACKENDS=sqlite npm run bench:encryption
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { KeyringFieldCipher } from "../src/engines/crypto/index.js";
import { createDataQueries } from "../src/engines/storage/data/index.js";
import { openDatabase, type Database } from "../src/engines/storage/database.js";
import { tableName } from "../src/engines/storage/naming.js";
import { createRecordStore, type RecordStore } from "../src/engines/storage/records/index.js";
import { migrateDatabase } from "../src/engines/storage/schema/index.js";
import { rotateSealed } from "../src/engines/storage/sealed/index.js";
import { createApp } from "../src/faces/http/index.js";
import { Unauthorized } from "../src/foundations/error-codes.js";
import { loadSettings } from "../src/foundations/settings.js";
import type { Runtime } from "../src/runtime/runtime.js";
import { adminPrincipal } from "../src/runtime/access/principal.js";
import { loadProjectSpec } from "../src/spec/index.js";
import type { ProjectSpec } from "../src/spec/project-spec.js";
import { benchDatabases } from "./bench-backends.js";

const ROWS = Number(process.env.BENCH_ROWS ?? 20_000);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const CHUNK = 1000;
const PAGE = 1000;
const LOOKUPS = Math.min(500, ROWS);
const ROTATE_BATCH = 500;
const API_PAGE = 50;
const API_LIST_ROWS = Math.min(4000, ROWS);
const API_SAVES = 1000;
const ADMIN_TOKEN = "bench-admin-token";
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

/**
 * What one AES-256-GCM open costs through node:crypto alone (a decipher per value, as a
 * per-value nonce and associated data need), best of ROUNDS: a floor under any read of
 * an encrypted value, whatever is done around it.
 */
function aesOpenMicros(): number {
  const key = randomBytes(32);
  const values = Array.from({ length: 20_000 }, (_, i) => {
    const nonce = randomBytes(12);
    const associated = Buffer.from(`${SEALED}\u0000email\u0000${String(i)}`);
    const cipher = createCipheriv("aes-256-gcm", key, nonce);
    cipher.setAAD(associated);
    const body = Buffer.concat([cipher.update(JSON.stringify(email(i))), cipher.final()]);
    return { nonce, associated, body, tag: cipher.getAuthTag() };
  });
  let best = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    for (const { nonce, associated, body, tag } of values) {
      const decipher = createDecipheriv("aes-256-gcm", key, nonce);
      decipher.setAAD(associated);
      decipher.setAuthTag(tag);
      decipher.update(body);
      decipher.final();
    }
    best = Math.min(best, ((performance.now() - started) * 1000) / values.length);
  }
  return best;
}

/** Opens a list of the encrypted model must make per row: its three encrypted fields. */
const OPENS_PER_ROW = 3;

/**
 * The highest encrypted/plain list ratio per-value opens allow: a plain row's time
 * against the same plus three opens (nothing else counted).
 */
function ceilingLine(plainRowsPerSecond: number, openMicros: number): string {
  const plainMicros = 1e6 / plainRowsPerSecond;
  const ceiling = plainMicros / (plainMicros + OPENS_PER_ROW * openMicros);
  return `  ${"ceiling".padEnd(8)}list can reach at most ${ceiling.toFixed(2)}: ${plainMicros.toFixed(2)} µs a plain row, ${String(OPENS_PER_ROW)} opens at ${openMicros.toFixed(2)} µs (node:crypto alone)`;
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

/** A runtime that only carries settings and spec (the data API runs no commands). */
function specRuntime(dir: string, spec: ProjectSpec): Runtime {
  const settings = loadSettings({ env: { CAIRN_ADMIN_TOKEN: ADMIN_TOKEN }, cwd: dir });
  const unused = () => Promise.reject(new Error("not used"));
  return {
    settings,
    spec,
    access: {
      authenticate: (token) =>
        token === settings.adminToken
          ? Promise.resolve(adminPrincipal())
          : Promise.reject(Unauthorized.create("invalid bearer token")),
      principalOf: () => Promise.resolve(adminPrincipal()),
    },
    start: unused,
    follow: unused,
    abort: unused,
    rerun: unused,
    startWorker: () => {
      throw new Error("not used");
    },
    startReaper: () => {
      throw new Error("not used");
    },
    createSchedule: unused,
    syncSpecSchedules: unused,
    checkKeys: () => Promise.resolve(),
    startScheduler: () => {
      throw new Error("not used");
    },
    close: () => Promise.resolve(),
  };
}

const AUTHORIZED = { authorization: `Bearer ${ADMIN_TOKEN}` } as const;

interface ListAnswer {
  readonly results: readonly Record<string, unknown>[];
}

/** GET `url` on `app`; fails unless it answers 200. */
async function apiGet(app: FastifyInstance, url: string): Promise<ListAnswer> {
  const response = await app.inject({ url, headers: AUTHORIZED });
  if (response.statusCode !== 200) {
    throw new Error(`GET ${url}: ${String(response.statusCode)} ${response.body.slice(0, 200)}`);
  }
  return response.json<ListAnswer>();
}

/** Pages of API_PAGE rows over the first API_LIST_ROWS rows. */
async function apiList(app: FastifyInstance, kind: Kind): Promise<number> {
  let listed = 0;
  const seconds = await timed(async () => {
    for (let offset = 0; offset < API_LIST_ROWS; offset += API_PAGE) {
      const url = `/data/${MODEL_OF[kind]}?limit=${String(API_PAGE)}&offset=${String(offset)}`;
      listed += (await apiGet(app, url)).results.length;
    }
  });
  if (listed !== API_LIST_ROWS) {
    throw new Error(`${kind} API: listed ${String(listed)} of ${String(API_LIST_ROWS)} rows`);
  }
  return seconds;
}

/** The LOOKUPS emails of `lookups`, each by `?email=`: one row each. */
async function apiLookups(app: FastifyInstance, kind: Kind): Promise<number> {
  return timed(async () => {
    for (let k = 0; k < LOOKUPS; k++) {
      const wanted = email(Math.floor((k * ROWS) / LOOKUPS));
      const url = `/data/${MODEL_OF[kind]}?email=${encodeURIComponent(wanted)}`;
      const found = (await apiGet(app, url)).results;
      if (found.length !== 1 || found[0]?.email !== wanted) {
        throw new Error(`${kind} API: ${wanted} found ${String(found.length)} times`);
      }
    }
  });
}

/** API_SAVES single-row POSTs, named `api-<round>-<i>` (new names every round). */
function apiSaves(app: FastifyInstance): (kind: Kind) => Promise<number> {
  const rounds: Record<Kind, number> = { plain: 0, encrypted: 0 };
  return async (kind) => {
    const round = rounds[kind]++;
    const bodies = accounts(API_SAVES).map(({ values }, i) => ({
      name: `api-${String(round)}-${String(i).padStart(6, "0")}`,
      ...values,
    }));
    return timed(async () => {
      for (const payload of bodies) {
        const response = await app.inject({
          method: "POST",
          url: `/data/${MODEL_OF[kind]}`,
          headers: { ...AUTHORIZED, "content-type": "application/json" },
          payload,
        });
        if (response.statusCode !== 201) {
          throw new Error(
            `${kind} API: POST ${payload.name}: ${String(response.statusCode)} ${response.body.slice(0, 200)}`,
          );
        }
      }
    });
  };
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

/** Rows a timed phase handled, and its best seconds for each kind. */
interface Phase {
  readonly rows: number;
  readonly seconds: Record<Kind, number>;
}

/** The save, list (with its ceiling) and filter lines of one section. */
function figureLines(save: Phase, list: Phase, filter: Record<Kind, number>): string[] {
  const rate = (phase: Phase, kind: Kind) => perSecond(phase.rows, phase.seconds[kind]);
  return [
    line("save", rate(save, "plain"), rate(save, "encrypted"), "rows/s"),
    line("list", rate(list, "plain"), rate(list, "encrypted"), "rows/s"),
    ceilingLine(rate(list, "plain"), OPEN_MICROS),
    line(
      "filter",
      perSecond(LOOKUPS, filter.plain),
      perSecond(LOOKUPS, filter.encrypted),
      "queries/s",
    ),
  ];
}

const HEADER = `  ${"".padEnd(8)}${"plain".padStart(18)}${"encrypted".padStart(18)}${"enc/plain".padStart(10)}`;

/**
 * The data API over `database` (rows as the store section left them, sealed under the
 * active key of `cipher`): save, list and filter, plain against encrypted.
 */
async function benchApi(
  backend: string,
  dir: string,
  database: Database,
  spec: ProjectSpec,
  cipher: KeyringFieldCipher,
): Promise<void> {
  const app = await createApp({
    runtime: specRuntime(dir, spec),
    cairnVersion: "0.0.0-bench",
    logLevel: false,
    dataQueries: createDataQueries(database, spec, undefined, cipher),
  });
  try {
    // List and filter first, so the saves below do not change what they read.
    const list = await alternate((kind) => apiList(app, kind));
    const filter = await alternate((kind) => apiLookups(app, kind));
    const save = await alternate(apiSaves(app));
    console.log(
      [
        `${backend}: data API (app.inject, pages of ${String(API_PAGE)}), best of ${String(ROUNDS)} rounds (plain and encrypted alternating)`,
        HEADER,
        ...figureLines(
          { rows: API_SAVES, seconds: save },
          { rows: API_LIST_ROWS, seconds: list },
          filter,
        ),
        `  (save: ${String(API_SAVES)} single-row POSTs a round; list: ${String(API_LIST_ROWS / API_PAGE)} pages, ${String(API_LIST_ROWS)} rows a round; filter: ${String(LOOKUPS)} GET ?email= a round)`,
        "",
      ].join("\n"),
    );
  } finally {
    await app.close();
  }
}

async function benchOne(
  backend: string,
  url: string,
  dir: string,
  spec: ProjectSpec,
): Promise<void> {
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
        HEADER,
        ...figureLines({ rows: ROWS, seconds: save }, { rows: ROWS, seconds: list }, filter),
        `  ${"rotate".padEnd(8)}${figure(perSecond(rewritten, rotateSeconds), "rows/s")}  (${String(rewritten)} rows rewritten in ${rotateSeconds.toFixed(2)} s, ${String(passes)} pass${passes === 1 ? "" : "es"}, batch ${String(ROTATE_BATCH)})`,
        "target: encrypted/plain >= 0.7 for save and list",
        "",
      ].join("\n"),
    );

    // The rows are sealed under k2 now: the API reads them with the rotated keyring.
    await benchApi(backend, dir, database, spec, rotation);
  } finally {
    await database.close();
  }
}

/** Measured once, before any database work. */
const OPEN_MICROS = aesOpenMicros();

const project = mkdtempSync(join(tmpdir(), "cairn-bench-encryption-"));
try {
  writeFileSync(join(project, "cairn.yml"), "name: benchenc\nversion: 1.0.0\n");
  mkdirSync(join(project, "spec"));
  writeFileSync(join(project, "spec", "models.yml"), MODELS);
  const spec = await loadProjectSpec(project);
  for (const bench of await benchDatabases()) {
    try {
      await benchOne(bench.backend, bench.url, project, spec);
    } finally {
      await bench.drop();
    }
  }
} finally {
  rmSync(project, { recursive: true, force: true });
}
