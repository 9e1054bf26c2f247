import { createApp } from "../../../src/faces/http/index.js";
import type { DataQueries } from "../../../src/engines/storage/records/data-queries.js";
import { loadSettings } from "../../../src/foundations/settings.js";
import type { Runtime } from "../../../src/runtime/runtime.js";
import type { AccessControl } from "../../../src/runtime/access/access-control.js";
import { adminPrincipal } from "../../../src/runtime/access/principal.js";
import { Unauthorized } from "../../../src/foundations/error-codes.js";
import { loadProjectSpec } from "../../../src/spec/index.js";
import { writeTempTree, type TempTree } from "../../support/temp-tree.js";

/**
 * A project for the data API: `station` readable by anyone (`roles.view: [public]`),
 * `observation` admin-only, with every kind of relation and a spread of field types;
 * `secret` has `api: false`.
 */
export const HTTP_SPEC = `
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
      opened: {type: date}
    relations:
      region: {model: region}
    ordering: [number]
    roles: {view: [public], edit: [admin]}
  observation:
    key: day
    scope: [station]
    fields:
      day: {type: date, required: true}
      temp: {type: float}
      rain: {type: decimal, precision: 8, scale: 2}
      at: {type: datetime}
      uid: {type: uuid}
      blob: {type: binary}
      extra: {type: json}
      note: {type: text}
      kind: {type: string, choices: [auto, manual]}
    relations:
      station: {model: station, required: true, on_delete: cascade}
      tags: {model: tag, multiple: true}
  secret:
    fields:
      name: {type: string}
    api: false
`;

export function createHttpProject(): TempTree {
  return writeTempTree("http", {
    "cairn.yml": "name: httpfix\nversion: 1.2.3\n",
    "spec/models.yml": HTTP_SPEC,
  });
}

/** A runtime that only carries settings and spec: the data API never runs commands. */
export async function specRuntime(dir: string, env: Record<string, string> = {}): Promise<Runtime> {
  const settings = loadSettings({ env, cwd: dir });
  return {
    settings,
    spec: await loadProjectSpec(dir),
    access: adminTokenOnly(settings.adminToken),
    start: () => Promise.reject(new Error("not used")),
    follow: () => Promise.reject(new Error("not used")),
    abort: () => Promise.reject(new Error("not used")),
    rerun: () => Promise.reject(new Error("not used")),
    startWorker: () => {
      throw new Error("not used");
    },
    startReaper: () => {
      throw new Error("not used");
    },
    createSchedule: () => Promise.reject(new Error("not used")),
    syncSpecSchedules: () => Promise.reject(new Error("not used")),
    checkKeys: () => Promise.resolve(),
    startScheduler: () => {
      throw new Error("not used");
    },
    close: () => Promise.resolve(),
  };
}

export const ADMIN_TOKEN = "s3cret-token";

/** An app over `queries` with the admin token set unless `env` says otherwise. */
export async function dataApp(
  dir: string,
  queries: DataQueries,
  env: Record<string, string> = { CAIRN_ADMIN_TOKEN: ADMIN_TOKEN },
) {
  return createApp({
    runtime: await specRuntime(dir, env),
    cairnVersion: "0.0.0-test",
    logLevel: false,
    dataQueries: queries,
  });
}

export const admin = { authorization: `Bearer ${ADMIN_TOKEN}` } as const;

/** Access for a runtime with no user records: only CAIRN_ADMIN_TOKEN passes, as `admin`. */
function adminTokenOnly(adminToken: string | undefined): AccessControl {
  return {
    authenticate: (token) =>
      token === adminToken
        ? Promise.resolve(adminPrincipal())
        : Promise.reject(Unauthorized.create("invalid bearer token")),
    principalOf: () => Promise.resolve(adminPrincipal()),
  };
}
