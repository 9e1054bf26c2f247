import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll } from "vitest";
import { createRecordStore } from "../../../src/engines/storage/records/index.js";
import type { RecordStore } from "../../../src/engines/storage/records/record-store.js";
import { migrateDatabase } from "../../../src/engines/storage/schema/index.js";
import { createApp } from "../../../src/faces/http/index.js";
import type { Message } from "../../../src/foundations/message.js";
import { loadSettings } from "../../../src/foundations/settings.js";
import { tokenPrefix } from "../../../src/runtime/access/token-secret.js";
import { openRuntime, type Runtime } from "../../../src/runtime/index.js";
import { loadProjectSpec } from "../../../src/spec/index.js";
import type { BackendFixture } from "../../support/describe-each-backend.js";
import type { TempTree } from "../../support/temp-tree.js";
import {
  ADMIN_TOKEN,
  DOCUMENTS,
  GROUPS,
  USERS,
  salaryOf,
  secretOf,
  writeAccessProject,
} from "./access-project.js";

/** A run through the runtime as the local CLI makes it (as admin). */
export interface LocalRun {
  readonly status: string;
  readonly messages: readonly Message[];
}

export interface AccessFixture {
  app(): FastifyInstance;
  runtime(): Runtime;
  store(): RecordStore;
  /**
   * The bearer token of each seeded user; also `admin` (CAIRN_ADMIN_TOKEN), `expired`
   * (one of ann's, past its expiry) and `revoked` (one of bob's, revoked).
   */
  token(user: string): string;
  /** Row ids of the seeded documents by name. */
  readonly documentId: (name: string) => number;
  /** Runs a command locally, as admin, and waits for its end. */
  run(command: string, parameters?: Record<string, unknown>): Promise<LocalRun>;
  /** Issues a token for `user` through the runtime (as admin); answers the token. */
  issueToken(user: string, parameters?: Record<string, unknown>): Promise<string>;
  /**
   * Every row of the tables access control guards, read straight from the database
   * (hidden fields included, `token.last_used` left out since every use sets it).
   */
  snapshot(): Promise<string>;
}

/** The tables a snapshot covers, with columns left out of the comparison. */
const SNAPSHOT_TABLES: Readonly<Record<string, readonly string[]>> = {
  document: [],
  document__groups: [],
  notice: [],
  user: [],
  user__groups: [],
  group: [],
  token: ["last_used"],
};

/** Rows sorted by their JSON text, so backends that order differently still compare equal. */
function canonical(rows: readonly Record<string, unknown>[], skip: readonly string[]): string[] {
  return rows
    .map((row) =>
      JSON.stringify(
        Object.fromEntries(
          Object.entries(row)
            .filter(([column]) => !skip.includes(column))
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([column, value]) => [
              column,
              value instanceof Date ? value.toISOString() : value,
            ]),
        ),
        (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value),
      ),
    )
    .sort();
}

/** The text of the last data message of a run: `user token` prints the token so. */
function lastData(messages: readonly Message[]): string {
  const data = messages.filter((message) => message.type === "data").at(-1);
  if (data?.type !== "data" || typeof data.value !== "string") {
    throw new Error(`no token among ${JSON.stringify(messages)}`);
  }
  return data.value;
}

/**
 * The access project on the suite's database: migrated and seeded with the groups,
 * users and documents of access-project.ts, a token for every user, a runtime with
 * CAIRN_ADMIN_TOKEN set and the HTTP app (both APIs) on it.
 */
export function useAccessProject(backend: BackendFixture): AccessFixture {
  let tree: TempTree | undefined;
  let runtime: Runtime | undefined;
  let app: FastifyInstance | undefined;
  let store: RecordStore | undefined;
  const tokens = new Map<string, string>([["admin", ADMIN_TOKEN]]);
  const documentIds = new Map<string, number>();

  const need = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the access fixture is not set up");
    return value;
  };
  const run = async (command: string, parameters: Record<string, unknown> = {}) => {
    const running = await need(runtime).start({ command, parameters, origin: "cli" });
    const messages: Message[] = [];
    for await (const message of running.messages) messages.push(message);
    return { status: await running.finished, messages };
  };
  const issueToken = async (user: string, parameters: Record<string, unknown> = {}) => {
    const issued = await run("user token", { key: user, ...parameters });
    return lastData(issued.messages);
  };

  beforeAll(async () => {
    tree = writeAccessProject();
    const settings = loadSettings({
      env: {
        CAIRN_DATABASE_URL: backend.url(),
        CAIRN_ADMIN_TOKEN: ADMIN_TOKEN,
        CAIRN_ISOLATES: "1",
      },
      cwd: tree.dir,
    });
    const spec = await loadProjectSpec(tree.dir);
    await migrateDatabase(backend.database(), spec);
    runtime = await openRuntime(settings, { spec, abortGraceMs: 500 });
    store = createRecordStore(backend.database(), spec);
    // Parents before children: a relation names an existing row.
    for (const [name, group] of Object.entries(GROUPS)) {
      await store.save(
        "group",
        { key: name },
        {
          ...(group.roles === undefined ? {} : { roles: group.roles }),
          ...(group.parent === undefined ? {} : { parent: group.parent }),
        },
      );
    }
    for (const [name, user] of Object.entries(USERS)) {
      await store.save(
        "user",
        { key: name },
        { groups: [...user.groups], email: `${name}@x.test` },
      );
    }
    for (const [name, document] of Object.entries(DOCUMENTS)) {
      const { row } = await store.save(
        "document",
        { key: name },
        {
          body: `body of ${name}`,
          salary: salaryOf(name),
          secret: secretOf(name),
          ...(document.owner === undefined ? {} : { owner: document.owner }),
          groups: [...(document.groups ?? [])],
        },
      );
      documentIds.set(name, Number(row.id));
    }
    await store.save("notice", { key: "welcome" }, {});
    for (const name of Object.keys(USERS)) tokens.set(name, await issueToken(name));
    // A token of ann's that expired, and one of bob's that was revoked.
    const expired = await issueToken("ann", { name: "expired" });
    await store.save("token", { key: tokenPrefix(expired) }, { expires: "2001-02-03T04:05:06Z" });
    tokens.set("expired", expired);
    const revoked = await issueToken("bob", { name: "revoked" });
    await run("token revoke", { key: tokenPrefix(revoked) });
    tokens.set("revoked", revoked);
    // Deactivated only now: the token was issued while the user was active.
    for (const [name, user] of Object.entries(USERS)) {
      if (user.active === false) await store.save("user", { key: name }, { active: false });
    }
    app = await createApp({ runtime, cairnVersion: "0.0.0-test", logLevel: false });
  });
  afterAll(async () => {
    await app?.close();
    await runtime?.close();
    tree?.remove();
  });

  return {
    app: () => need(app),
    runtime: () => need(runtime),
    store: () => need(store),
    token: (user) => {
      const token = tokens.get(user);
      if (token === undefined) throw new Error(`no token for ${user}`);
      return token;
    },
    documentId: (name) => {
      const id = documentIds.get(name);
      if (id === undefined) throw new Error(`no document ${name}`);
      return id;
    },
    run,
    issueToken,
    snapshot: async () => {
      const { db } = backend.database();
      const tables: Record<string, string[]> = {};
      for (const [table, skip] of Object.entries(SNAPSHOT_TABLES)) {
        const rows = (await db.selectFrom(table).selectAll().execute()) as Record<
          string,
          unknown
        >[];
        tables[table] = canonical(rows, skip);
      }
      return JSON.stringify(tables);
    },
  };
}
