import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { ProjectNotFound, SettingsInvalid } from "./error-codes.js";

/**
 * Everything configurable, read once at the edge (environment and command-line
 * options) and passed down. Never a module-level singleton.
 */
export interface Settings {
  /** Absolute path of the project directory (holding cairn.yml). */
  readonly projectDir: string;
  /** `sqlite:<file>`, `postgres://...` or `mysql://...`. */
  readonly databaseUrl: string;
  /** Number of isolates (worker threads) that run user handlers. */
  readonly isolates: number;
  readonly host: string;
  readonly port: number;
  readonly logLevel: string;
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
  return {
    projectDir,
    databaseUrl:
      databaseUrl !== undefined && databaseUrl !== ""
        ? absoluteSqliteUrl(databaseUrl, sources.cwd)
        : defaultDatabaseUrl(projectDir),
    isolates: integerSetting(env, "CAIRN_ISOLATES", 2, 1),
    host: env.CAIRN_HOST ?? "127.0.0.1",
    port: integerSetting(env, "CAIRN_PORT", 8000, 0),
    logLevel: logLevelSetting(env),
  };
}
