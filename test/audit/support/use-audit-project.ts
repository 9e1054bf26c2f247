import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll } from "vitest";
import { createRecordStore } from "../../../src/engines/storage/records/index.js";
import type { RecordRow, RecordStore } from "../../../src/engines/storage/records/record-store.js";
import { migrateDatabase } from "../../../src/engines/storage/schema/index.js";
import { createApp } from "../../../src/faces/http/index.js";
import type { Message } from "../../../src/foundations/message.js";
import { loadSettings, type Settings } from "../../../src/foundations/settings.js";
import { adminPrincipal } from "../../../src/runtime/access/principal.js";
import { openRuntime, type Runtime } from "../../../src/runtime/index.js";
import type { ExecutionOrigin } from "../../../src/runtime/run-request.js";
import { loadProjectSpec } from "../../../src/spec/index.js";
import type { BackendFixture } from "../../support/describe-each-backend.js";
import { writeTempTree, type TempTree } from "../../support/temp-tree.js";

export const ADMIN_TOKEN = "audit-admin-token";

/** Stations with a hidden secret, a to-one and a many-to-many relation; scoped readings. */
export const AUDIT_SPEC = `
models:
  region:
    fields:
      name: {type: string, required: true, unique: true, max_length: 40}
    roles: {view: [public], edit: [admin]}
  tag:
    fields:
      name: {type: string, required: true, unique: true, max_length: 20}
    roles: {view: [public], edit: [admin]}
  station:
    key: number
    fields:
      number: {type: string, max_length: 20, required: true}
      name: {type: string, max_length: 100}
      elevation: {type: float}
      notes: {type: json}
      api_secret: {type: string, max_length: 100, hidden: true}
    relations:
      region: {model: region, on_delete: restrict}
      tags: {model: tag, multiple: true}
    ordering: [number]
    roles: {view: [public], edit: [admin]}
  reading:
    key: day
    scope: [station]
    fields:
      day: {type: date, required: true}
      temp: {type: float}
    relations:
      station: {model: station, required: true, on_delete: cascade}
`;

export interface CommandOutcome {
  readonly id: string;
  readonly status: string;
  readonly messages: Message[];
  /** Why the start refused it (status `refused`). */
  readonly error?: unknown;
}

export interface AuditFixture {
  runtime(): Runtime;
  settings(): Settings;
  /** The HTTP app on the runtime, made on first use. */
  app(): Promise<FastifyInstance>;
  dir(): string;
  /** A store on the suite's database, for seeing what was written. */
  store(): RecordStore;
  /** Every audit entry, oldest first. */
  entries(): Promise<RecordRow[]>;
  /** Runs a command as `user` (default admin) and waits for its end; a refused start answers `refused`. */
  run(
    command: string,
    parameters?: Record<string, unknown>,
    options?: { user?: string; origin?: ExecutionOrigin },
  ): Promise<CommandOutcome>;
}

/**
 * The audit project on the suite's database: migrated, a runtime opened with `env`
 * (CAIRN_ADMIN_TOKEN set), and on demand the HTTP app on it (both APIs).
 */
export function useAuditProject(
  backend: BackendFixture,
  env: Readonly<Record<string, string>> = {},
): AuditFixture {
  let tree: TempTree | undefined;
  let runtime: Runtime | undefined;
  let settings: Settings | undefined;
  let app: FastifyInstance | undefined;
  let store: RecordStore | undefined;
  beforeAll(async () => {
    tree = writeTempTree("audit", {
      "cairn.yml": "name: audited\nversion: 1.0.0\n",
      "spec/models.yml": AUDIT_SPEC,
    });
    settings = loadSettings({
      env: { ...env, CAIRN_DATABASE_URL: backend.url(), CAIRN_ADMIN_TOKEN: ADMIN_TOKEN },
      cwd: tree.dir,
    });
    const spec = await loadProjectSpec(tree.dir);
    await migrateDatabase(backend.database(), spec);
    runtime = await openRuntime(settings, { spec, abortGraceMs: 500 });
    store = createRecordStore(backend.database(), spec);
    await store.saveMany(
      "region",
      ["North", "South"].map((name) => ({ key: { key: name }, values: {} })),
    );
    await store.saveMany(
      "tag",
      ["rain", "sun"].map((name) => ({ key: { key: name }, values: {} })),
    );
  });
  afterAll(async () => {
    await app?.close();
    await runtime?.close();
    tree?.remove();
  });
  const need = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the audit fixture is not set up");
    return value;
  };
  return {
    runtime: () => need(runtime),
    settings: () => need(settings),
    app: async () =>
      (app ??= await createApp({
        runtime: need(runtime),
        cairnVersion: "0.0.0-test",
        logLevel: false,
      })),
    dir: () => need(tree).dir,
    store: () => need(store),
    entries: () => need(store).list("audit_entry", { order: ["id"], limit: 1_000_000 }),
    run: async (command, parameters = {}, options = {}) => {
      let running;
      try {
        running = await need(runtime).start({
          command,
          parameters,
          origin: options.origin ?? "cli",
          ...(options.user === undefined ? {} : { principal: adminPrincipal(options.user) }),
        });
      } catch (error) {
        return { id: "", status: "refused", messages: [], error };
      }
      const messages: Message[] = [];
      for await (const message of running.messages) messages.push(message);
      return { id: running.id, status: await running.finished, messages };
    },
  };
}

/** The entries recorded after the first `count` (those a step added). */
export async function entriesAfter(fixture: AuditFixture, count: number): Promise<RecordRow[]> {
  return (await fixture.entries()).slice(count);
}
