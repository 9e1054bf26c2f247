import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative, resolve } from "node:path";
import { ProjectExists } from "../../../foundations/error-codes.js";
import { loadSettings, PROJECT_FILE, type Settings } from "../../../foundations/settings.js";
import type { Runtime } from "../../../runtime/runtime.js";
import type { CliIo } from "../cli-io.js";
import type { CliOutput } from "../cli-output.js";
import { ADMIN_GROUP, setUpDatabase, type InitDatabase } from "./init-database.js";
import { starterFiles } from "./init-templates.js";

/** A module name from a directory name: lower-case words joined by dashes. */
export function projectName(dir: string): string {
  const name = basename(resolve(dir))
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^[^a-z]+|-+$/g, "");
  return name === "" ? "project" : name;
}

export interface InitOptions {
  readonly io: Pick<CliIo, "cwd" | "env">;
  readonly output: CliOutput;
  readonly openRuntime: (settings: Settings) => Promise<Runtime>;
}

/** What to run by hand when init wrote the files but could not set up the database. */
const BY_HAND = [
  "cairn db migrate",
  `cairn group save ${ADMIN_GROUP} roles=admin`,
  `cairn user save admin groups=${ADMIN_GROUP}`,
  "cairn user token admin name=init",
];

/**
 * `cairn init [DIR]`: writes a starter project, migrates its database and makes its
 * administrator (the user `admin` in the group `admins`), whose first token it prints
 * once. It never overwrites: an existing cairn.yml stops it, any other file that
 * already exists is kept as it is, and a database that already has the user `admin`
 * is left as it is, with no new token.
 */
export async function initProject(
  dirArgument: string | undefined,
  options: InitOptions,
): Promise<number> {
  const { io, output } = options;
  const dir = resolve(io.cwd, dirArgument ?? ".");
  if (existsSync(join(dir, PROJECT_FILE))) {
    throw ProjectExists.create(`${join(dir, PROJECT_FILE)} already exists`, {
      hint: "Choose another directory: cairn init DIR.",
    });
  }
  const { colors } = output;
  const created: string[] = [];
  const kept: string[] = [];
  const lines: string[] = [];
  for (const file of starterFiles(projectName(dir))) {
    const target = join(dir, file.path);
    if (existsSync(target)) {
      kept.push(file.path);
      lines.push(`${colors.yellow("kept")}    ${file.path} (already exists)`);
      continue;
    }
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.content, { flag: "wx" });
    created.push(file.path);
    lines.push(`${colors.green("created")} ${file.path}`);
  }
  const json = output.format === "json";
  if (!json) {
    output.stdout.write(
      [
        `Created project ${colors.bold(projectName(dir))} in ${dir}`,
        ...lines.map((line) => `  ${line}`),
        "",
      ].join("\n"),
    );
  }
  const { settings, database } = await setUp(options, dir);
  const where = relative(io.cwd, dir);
  const steps = [
    ...(where === "" ? [] : [`cd ${where}`]),
    "cairn hello name=you",
    "cairn note save first text=hi",
    "cairn serve",
  ];
  const adminTokenSet = settings.adminToken !== undefined;
  if (json) {
    output.stdout.write(
      `${JSON.stringify({
        project: dir,
        created,
        kept,
        migrated: database.migrated,
        admin: { user: "admin", group: ADMIN_GROUP, created: database.user === "created" },
        token: database.token?.token ?? null,
        admin_token_env: adminTokenSet,
        next: steps,
      })}\n`,
    );
    return 0;
  }
  output.stdout.write(
    [
      ...databaseLines(database, output),
      "",
      ...adminLines(database, settings, output),
      ...(adminTokenSet
        ? [
            "CAIRN_ADMIN_TOKEN is set: that token acts as the user admin too, for automated deploys.",
            "",
          ]
        : []),
      "Next steps:",
      ...steps.map((s) => `  ${colors.cyan(s)}`),
      "",
    ].join("\n"),
  );
  return 0;
}

/** Migrates and makes the admin; on failure says what is left to do, then rethrows. */
async function setUp(
  options: InitOptions,
  dir: string,
): Promise<{ settings: Settings; database: InitDatabase }> {
  const { io } = options;
  try {
    const settings = loadSettings({ env: io.env, cwd: io.cwd, project: dir });
    const runtime = await options.openRuntime(settings);
    try {
      return { settings, database: await setUpDatabase(runtime) };
    } finally {
      await runtime.close();
    }
  } catch (error) {
    if (options.output.format !== "json") {
      options.output.stderr.write(
        `The project's files are written, its database is not set up. Fix the error below, then run:\n${BY_HAND.map((line) => `  ${line}\n`).join("")}`,
      );
    }
    throw error;
  }
}

function databaseLines(database: InitDatabase, { colors }: CliOutput): string[] {
  const created = colors.green("created");
  const kept = colors.yellow("kept");
  const count = database.migrated;
  return [
    count === 0
      ? `  ${kept}    the database schema (already up to date)`
      : `  ${colors.green("migrated")} the database (${String(count)} schema ${count === 1 ? "change" : "changes"})`,
    ...(database.group === "created"
      ? [`  ${created} group ${ADMIN_GROUP} (role admin)`]
      : database.group === "kept"
        ? [`  ${kept}    group ${ADMIN_GROUP} (already exists)`]
        : []),
    database.user === "created"
      ? `  ${created} user admin (in group ${ADMIN_GROUP})`
      : `  ${kept}    user admin (already exists)`,
  ];
}

/** The token, once, and how to use it; or, for an admin that existed, why there is none. */
function adminLines(database: InitDatabase, settings: Settings, output: CliOutput): string[] {
  const { colors } = output;
  if (database.token === undefined) {
    return [
      "The database already has the user admin, so no token was issued.",
      `Its tokens: ${colors.cyan("cairn token list user=admin")}; a new one: ${colors.cyan("cairn user token admin name=NAME")}`,
      "",
    ];
  }
  const { token } = database.token;
  return [
    `The admin's token, shown only this once (Cairn keeps only its hash):`,
    `  ${colors.bold(token)}`,
    `Send it as ${colors.cyan(`Authorization: Bearer ${token}`)}, or save it for cairn --host:`,
    `  ${colors.cyan(`cairn host save local url=${serverUrl(settings)} token=${token}`)}`,
    "",
  ];
}

/** Where `cairn serve` will listen, as a client addresses it. */
function serverUrl(settings: Settings): string {
  const host = ["0.0.0.0", "::", ""].includes(settings.host) ? "127.0.0.1" : settings.host;
  return `http://${host.includes(":") ? `[${host}]` : host}:${String(settings.port)}`;
}
