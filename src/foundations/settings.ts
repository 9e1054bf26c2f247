import { existsSync } from "node:fs";
import { proxySettings, type ProxySettings } from "./proxy-settings.js";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { ProjectNotFound, SettingsInvalid } from "./error-codes.js";
import { notificationSettings, type NotificationSettings } from "./notification-settings.js";
import { retentionSettings, type RetentionSettings } from "./retention-settings.js";

/**
 * Everything configurable, read once at the edge (environment and command-line
 * options) and passed down. Never a module-level singleton.
 */
export interface Settings extends NotificationSettings, RetentionSettings, ProxySettings {
  /** Absolute path of the project directory (holding cairn.yml). */
  readonly projectDir: string;
  /** `sqlite:<file>`, `postgres://...` or `mysql://...`. */
  readonly databaseUrl: string;
  /** Number of isolates (worker threads) that run user handlers. */
  readonly isolates: number;
  readonly host: string;
  readonly port: number;
  /**
   * The certificate and private key files (PEM) `cairn serve` serves HTTPS with
   * (CAIRN_TLS_CERT and CAIRN_TLS_KEY, both or neither); undefined: plain HTTP.
   */
  readonly tls?: TlsFiles;
  readonly logLevel: string;
  /**
   * The bearer token that may write and read non-public models until access control
   * exists (CAIRN_ADMIN_TOKEN); undefined means no such request is allowed.
   */
  readonly adminToken?: string;
  /** The largest `limit` a data API page may ask for (CAIRN_MAX_PAGE_SIZE). */
  readonly maxPageSize: number;
  /** How deeply `filter=` expressions may nest (CAIRN_MAX_FILTER_DEPTH). */
  readonly maxFilterDepth: number;
  /** How long one data API query may run (CAIRN_QUERY_TIMEOUT_MS). */
  readonly queryTimeoutMs: number;
  /** The APIs `cairn serve` serves (CAIRN_APIS, `--apis`), so each part can scale alone. */
  readonly apis: readonly ApiName[];
  /**
   * Redis for the distributed shape (CAIRN_REDIS_URL): queued executions become BullMQ
   * jobs. Undefined: the embedded shape, whose queue is the database.
   */
  readonly redisUrl?: string;
  /** Queued executions `cairn serve` runs at once in its local worker (CAIRN_WORKERS; 0: none). */
  readonly workers: number;
  /** Executions one `cairn worker` runs at once (CAIRN_WORKER_CONCURRENCY, `--concurrency`). */
  readonly workerConcurrency: number;
  /**
   * How long a running execution may go without a heartbeat before the reaper requeues
   * it or marks it lost (CAIRN_LEASE_SECONDS), in milliseconds.
   */
  readonly leaseMs: number;
  /**
   * How long a scheduler replica's hold on the scheduler lease lasts without renewal
   * (CAIRN_SCHEDULER_LEASE_SECONDS), in milliseconds: a standby takes over about this
   * long after the active replica died.
   */
  readonly schedulerLeaseMs: number;
  /** How often the active scheduler replica looks for due schedules (CAIRN_SCHEDULER_TICK_MS). */
  readonly schedulerTickMs: number;
  /**
   * How late a scheduled instant may be found and still fire as on time
   * (CAIRN_SCHEDULER_GRACE_MS); older ones are misfires, decided by the schedule's policy.
   */
  readonly schedulerGraceMs: number;
  /**
   * The IANA time zone new schedules read their `cron` and `at` times in when they name
   * none (CAIRN_TIMEZONE; default UTC).
   */
  readonly timezone: string;
  /**
   * The keyring's file (CAIRN_KEY_FILE; default `.cairn/keys.json` in the project),
   * used when CAIRN_KEYS is not set.
   */
  readonly keyFile: string;
  /** CAIRN_KEYS: `ID:BASE64KEY` pairs, comma-separated, the first active; wins over the file. */
  readonly keysText?: string;
}

/** Where `cairn serve` reads its TLS certificate chain and private key (PEM files). */
export interface TlsFiles {
  readonly certFile: string;
  readonly keyFile: string;
}

/** The HTTP APIs a node can serve (DESIGN.md section 6). */
export const API_NAMES = ["command", "data"] as const;
export type ApiName = (typeof API_NAMES)[number];

/**
 * Splits `command,data` into API names; `unknown` lists the words that are none, so
 * the environment and the command line can each report them their own way.
 */
export function parseApiNames(text: string): { apis: ApiName[]; unknown: string[] } {
  const words = text
    .split(",")
    .map((word) => word.trim())
    .filter((word) => word !== "");
  const apis: ApiName[] = [];
  const unknown: string[] = [];
  for (const word of words) {
    if (!(API_NAMES as readonly string[]).includes(word)) unknown.push(word);
    else if (!apis.includes(word as ApiName)) apis.push(word as ApiName);
  }
  if (apis.length === 0 && unknown.length === 0) unknown.push(text);
  return { apis, unknown };
}

export const PROJECT_FILE = "cairn.yml";

/** The directory of the nearest cairn.yml at or above `start`, or undefined. */
export function findProjectDir(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, PROJECT_FILE))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export interface SettingsSources {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** `--project DIR` from the command line, which wins over CAIRN_PROJECT. */
  readonly project?: string | undefined;
}

function integerSetting(
  env: SettingsSources["env"],
  name: string,
  fallback: number,
  min: number,
): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw SettingsInvalid.create(`${name}=${raw} is not an integer of at least ${min}`, {
      hint: `Set ${name} to a whole number such as ${fallback}, or unset it.`,
    });
  }
  return value;
}

/** The default embedded database: a SQLite file in the project's `.cairn/`. */
export function defaultDatabaseUrl(projectDir: string): string {
  return `sqlite:${join(projectDir, ".cairn", "cairn.db")}`;
}

/**
 * `sqlite:data.db` means data.db in the directory the command was given, whoever runs
 * it (an in-process caller's cwd is not the process's).
 */
function absoluteSqliteUrl(url: string, cwd: string): string {
  if (!url.startsWith("sqlite:")) return url;
  const file = url.slice("sqlite:".length);
  if (file === ":memory:" || file === "" || isAbsolute(file) || file.startsWith("//")) return url;
  return `sqlite:${resolve(cwd, file)}`;
}

/** Log levels of pino, the logger `cairn serve` uses. */
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

function logLevelSetting(env: SettingsSources["env"]): string {
  const raw = env.CAIRN_LOG_LEVEL;
  if (raw === undefined || raw === "") return "info";
  if (!(LOG_LEVELS as readonly string[]).includes(raw)) {
    throw SettingsInvalid.create(`CAIRN_LOG_LEVEL=${raw} is not a log level`, {
      hint: `Use one of ${LOG_LEVELS.join(", ")}, or unset it (default info).`,
    });
  }
  return raw;
}

function apisSetting(env: SettingsSources["env"]): readonly ApiName[] {
  const raw = env.CAIRN_APIS;
  if (raw === undefined || raw === "") return API_NAMES;
  const { apis, unknown } = parseApiNames(raw);
  if (unknown.length > 0) {
    throw SettingsInvalid.create(`CAIRN_APIS=${raw} names no API '${unknown.join("', '")}'`, {
      hint: `List some of ${API_NAMES.join(", ")} separated by commas, or unset it (default all).`,
    });
  }
  return apis;
}

function adminTokenSetting(env: SettingsSources["env"]): { adminToken?: string } {
  const raw = env.CAIRN_ADMIN_TOKEN;
  if (raw === undefined || raw === "") return {};
  if (raw.trim() !== raw || /\s/.test(raw)) {
    throw SettingsInvalid.create("CAIRN_ADMIN_TOKEN holds white space", {
      hint: "Use a token without spaces, such as the output of `openssl rand -hex 32`.",
    });
  }
  return { adminToken: raw };
}

/** CAIRN_TIMEZONE as its canonical IANA name (`europe/paris` -> `Europe/Paris`). */
function timezoneSetting(env: SettingsSources["env"]): string {
  const raw = env.CAIRN_TIMEZONE;
  if (raw === undefined || raw.trim() === "") return "UTC";
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: raw.trim() }).resolvedOptions().timeZone;
  } catch {
    throw SettingsInvalid.create(`CAIRN_TIMEZONE=${raw} is not a time zone`, {
      hint: "Use an IANA name such as Europe/Paris, America/New_York or UTC, or unset it (default UTC).",
    });
  }
}

/** CAIRN_TLS_CERT and CAIRN_TLS_KEY, both or neither, as absolute paths. */
function tlsSetting(env: SettingsSources["env"], cwd: string): { tls?: TlsFiles } {
  const cert = env.CAIRN_TLS_CERT === "" ? undefined : env.CAIRN_TLS_CERT;
  const key = env.CAIRN_TLS_KEY === "" ? undefined : env.CAIRN_TLS_KEY;
  if (cert === undefined && key === undefined) return {};
  if (cert === undefined || key === undefined) {
    const [set, missing] =
      cert === undefined
        ? ["CAIRN_TLS_KEY", "CAIRN_TLS_CERT"]
        : ["CAIRN_TLS_CERT", "CAIRN_TLS_KEY"];
    throw SettingsInvalid.create(`${set} is set but ${missing} is not`, {
      hint: "Set both CAIRN_TLS_CERT (the certificate chain, PEM) and CAIRN_TLS_KEY (its private key, PEM), or neither for plain HTTP.",
    });
  }
  return { tls: { certFile: resolve(cwd, cert), keyFile: resolve(cwd, key) } };
}

export function loadSettings(sources: SettingsSources): Settings {
  const { env } = sources;
  const requested = sources.project ?? env.CAIRN_PROJECT;
  const projectDir =
    requested !== undefined && requested !== ""
      ? resolve(sources.cwd, requested)
      : findProjectDir(sources.cwd);
  if (projectDir === undefined || !existsSync(join(projectDir, PROJECT_FILE))) {
    throw ProjectNotFound.create(
      `no ${PROJECT_FILE} found ${requested === undefined ? `in ${sources.cwd} or any directory above it` : `in ${projectDir ?? requested}`}`,
      {
        hint: "Run `cairn init DIR` to create a project, or pass --project DIR (or set CAIRN_PROJECT).",
      },
    );
  }
  const databaseUrl = env.CAIRN_DATABASE_URL;
  const host = env.CAIRN_HOST ?? "127.0.0.1";
  const port = integerSetting(env, "CAIRN_PORT", 8000, 0);
  const tls = tlsSetting(env, sources.cwd);
  return {
    projectDir,
    databaseUrl:
      databaseUrl !== undefined && databaseUrl !== ""
        ? absoluteSqliteUrl(databaseUrl, sources.cwd)
        : defaultDatabaseUrl(projectDir),
    isolates: integerSetting(env, "CAIRN_ISOLATES", 2, 1),
    host,
    port,
    ...tls,
    logLevel: logLevelSetting(env),
    ...adminTokenSetting(env),
    ...proxySettings(env),
    maxPageSize: integerSetting(env, "CAIRN_MAX_PAGE_SIZE", 1000, 1),
    maxFilterDepth: integerSetting(env, "CAIRN_MAX_FILTER_DEPTH", 8, 1),
    queryTimeoutMs: integerSetting(env, "CAIRN_QUERY_TIMEOUT_MS", 10000, 1),
    apis: apisSetting(env),
    ...(env.CAIRN_REDIS_URL !== undefined && env.CAIRN_REDIS_URL !== ""
      ? { redisUrl: env.CAIRN_REDIS_URL }
      : {}),
    workers: integerSetting(env, "CAIRN_WORKERS", 2, 0),
    workerConcurrency: integerSetting(env, "CAIRN_WORKER_CONCURRENCY", 4, 1),
    leaseMs: integerSetting(env, "CAIRN_LEASE_SECONDS", 60, 1) * 1000,
    schedulerLeaseMs: integerSetting(env, "CAIRN_SCHEDULER_LEASE_SECONDS", 15, 1) * 1000,
    schedulerTickMs: integerSetting(env, "CAIRN_SCHEDULER_TICK_MS", 250, 10),
    schedulerGraceMs: integerSetting(env, "CAIRN_SCHEDULER_GRACE_MS", 5000, 0),
    timezone: timezoneSetting(env),
    keyFile:
      env.CAIRN_KEY_FILE !== undefined && env.CAIRN_KEY_FILE !== ""
        ? resolve(sources.cwd, env.CAIRN_KEY_FILE)
        : join(projectDir, ".cairn", "keys.json"),
    ...(env.CAIRN_KEYS !== undefined && env.CAIRN_KEYS.trim() !== ""
      ? { keysText: env.CAIRN_KEYS }
      : {}),
    ...notificationSettings(env, host, port, tls.tls !== undefined),
    ...retentionSettings(env),
  };
}
