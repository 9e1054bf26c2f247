import { afterAll, beforeAll, beforeEach } from "vitest";
import { openDatabase, type Database } from "../../../src/engines/storage/database.js";
import { createRecordStore } from "../../../src/engines/storage/records/index.js";
import type { RecordRow, RecordStore } from "../../../src/engines/storage/records/record-store.js";
import { migrateDatabase } from "../../../src/engines/storage/schema/index.js";
import { loadSettings } from "../../../src/foundations/settings.js";
import {
  openRuntime,
  type RunRequest,
  type Runtime,
  type WorkerHandle,
} from "../../../src/runtime/index.js";
import { loadProjectSpec, type ProjectSpec } from "../../../src/spec/index.js";
import { writeTempTree, type TempTree } from "../../support/temp-tree.js";
import { NOTIFY_PROJECT, seedPeople, withFastRetries } from "./notify-project.js";
import { SmtpSink, type SmtpSinkOptions } from "./smtp-sink.js";
import { WebhookReceiver } from "./webhook-receiver.js";

export const PUBLIC_URL = "https://cairn.example.com";

export interface NotifyFixture {
  runtime(): Runtime;
  store(): RecordStore;
  smtp(): SmtpSink;
  hooks(): WebhookReceiver;
  dir(): string;
  /** The settings' environment (database, SMTP, public URL), for in-process CLI runs. */
  env(): Record<string, string>;
  /** Another runtime on the same project and database, with `env` instead (closed after). */
  another(env: Readonly<Record<string, string>>): Promise<Runtime>;
  /** Runs a command here to its end; answers its execution id and status. */
  run(
    command: string,
    parameters: Record<string, unknown>,
    more?: Partial<RunRequest>,
  ): Promise<{ id: string; status: string }>;
  /** The `notification send` executions of an execution (none when nobody was told). */
  sends(id: string): Promise<RecordRow[]>;
  /** Waits for the one send of an execution to end; answers its row. */
  sent(id: string): Promise<RecordRow>;
  execution(id: string): Promise<RecordRow>;
  messages(id: string): Promise<RecordRow[]>;
}

export interface NotifyFixtureOptions {
  /** The suite's database (default: a SQLite file in the project's .cairn/). */
  readonly databaseUrl?: () => string;
  readonly smtp?: SmtpSinkOptions;
  /** More settings (CAIRN_SMTP_USER...). */
  readonly env?: Readonly<Record<string, string>>;
}

const FAST = {
  abortGraceMs: 300,
  abortPollMs: 50,
  followPollMs: 30,
  queuePollMs: 20,
  messageIntervalMs: 10,
};

/** Resolves once `check` answers true, looking every 20 ms, for at most `ms`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined>,
  what: string,
  ms = 10_000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * The notify project migrated and seeded (seedPeople), an SMTP server and a webhook
 * receiver of its own, a runtime whose settings send to them, with `notification send`
 * retried fast, and a worker taking the queued sends. Subscriptions, webhooks and the
 * servers' inboxes are cleared before each test.
 */
export function useNotifyRuntime(options: NotifyFixtureOptions = {}): NotifyFixture {
  let tree: TempTree | undefined;
  let runtime: Runtime | undefined;
  let database: Database | undefined;
  let store: RecordStore | undefined;
  let smtp: SmtpSink | undefined;
  let hooks: WebhookReceiver | undefined;
  let worker: WorkerHandle | undefined;
  let env: Record<string, string> = {};
  let spec: ProjectSpec | undefined;
  const others: Runtime[] = [];
  const need = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the notify fixture is not set up");
    return value;
  };
  beforeAll(async () => {
    tree = writeTempTree("notify", NOTIFY_PROJECT);
    smtp = await SmtpSink.start(options.smtp);
    hooks = await WebhookReceiver.start();
    env = {
      ...smtp.env(),
      CAIRN_PUBLIC_URL: PUBLIC_URL,
      CAIRN_ISOLATES: "1",
      CAIRN_DATABASE_URL: options.databaseUrl?.() ?? `sqlite:${tree.dir}/.cairn/cairn.db`,
      ...options.env,
    };
    const settings = loadSettings({ env, cwd: tree.dir });
    spec = withFastRetries(await loadProjectSpec(tree.dir));
    database = await openDatabase(settings.databaseUrl);
    await migrateDatabase(database, spec);
    store = createRecordStore(database, spec);
    await seedPeople(store);
    runtime = await openRuntime(settings, { ...FAST, spec });
    worker = runtime.startWorker({ concurrency: 2 });
  });
  beforeEach(async () => {
    await need(store).clear("notification");
    await need(store).clear("webhook");
    need(smtp).reset();
    need(hooks).reset();
  });
  afterAll(async () => {
    await Promise.all(others.map((other) => other.close()));
    await worker?.close(2000);
    await runtime?.close();
    await database?.close();
    await smtp?.close();
    await hooks?.close();
    tree?.remove();
  });
  const sends = (id: string) =>
    need(store).list("execution", {
      filters: [
        { path: "command", value: "notification send" },
        { path: "parent", value: id },
      ],
      order: ["id"],
    });
  return {
    runtime: () => need(runtime),
    store: () => need(store),
    smtp: () => need(smtp),
    hooks: () => need(hooks),
    dir: () => need(tree).dir,
    env: () => env,
    another: async (more) => {
      const other = await openRuntime(loadSettings({ env: more, cwd: need(tree).dir }), {
        ...FAST,
        spec: need(spec),
      });
      others.push(other);
      return other;
    },
    run: async (command, parameters, more = {}) => {
      const running = await need(runtime).start({ command, parameters, origin: "api", ...more });
      const status = await running.finished;
      return { id: running.id, status };
    },
    sends,
    sent: (id) =>
      waitFor(async () => {
        const [row] = await sends(id);
        return row !== undefined &&
          ["success", "failed", "aborted", "lost"].includes(String(row.status))
          ? row
          : undefined;
      }, `the notification of execution ${id}`),
    execution: (id) => need(store).get("execution", { key: id }),
    messages: (id) =>
      need(store).list("execution_message", {
        filters: [{ path: "execution", value: id }],
        order: ["seq"],
        limit: 100_000,
      }),
  };
}
