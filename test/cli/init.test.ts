import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { projectName } from "../../src/faces/cli/commands/init-command.js";
import { loadSettings } from "../../src/foundations/settings.js";
import { openRuntime } from "../../src/runtime/index.js";
import { loadProjectSpec } from "../../src/spec/index.js";
import { cli } from "./support/cli-harness.js";

const TOKEN = /cairn_[A-Za-z0-9_-]{43}/g;

/** Who a token stands for, asked of the project's own access control. */
async function userOf(dir: string, token: string): Promise<string | undefined> {
  const runtime = await openRuntime(loadSettings({ env: {}, cwd: dir }));
  try {
    return (await runtime.access.authenticate(token)).user;
  } finally {
    await runtime.close();
  }
}

async function json(argv: string[], dir: string): Promise<unknown> {
  const result = await cli([...argv, "--format", "json"], { cwd: dir });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

let base: string;
beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), "cairn-init-"));
});
afterEach(() => {
  rmSync(base, { recursive: true, force: true });
});

describe("cairn init", () => {
  it("writes a project that loads, and prints next steps", async () => {
    const result = await cli(["init", "My Weather"], { cwd: base });
    expect(result.code).toBe(0);
    const dir = join(base, "My Weather");
    for (const file of [
      "cairn.yml",
      "spec/models.yml",
      "spec/commands.yml",
      "handlers/hello.ts",
      ".gitignore",
      "README.md",
    ]) {
      expect(existsSync(join(dir, file)), file).toBe(true);
    }
    expect(readFileSync(join(dir, "cairn.yml"), "utf8")).toBe("name: my-weather\nversion: 0.1.0\n");
    expect(readFileSync(join(dir, ".gitignore"), "utf8")).toBe(".cairn/\n");
    expect(readFileSync(join(dir, "handlers/hello.ts"), "utf8")).toContain("ctx.info(");
    expect(result.stdout).toContain("cd My Weather");
    expect(result.stdout).not.toContain("cairn db migrate");
    expect(result.stdout).toContain("cairn hello name=you");
    expect(result.stdout).toMatch(/migrated the database \(\d+ schema changes\)/);
    expect(result.stdout).toContain("created group admins (role admin)");
    expect(result.stdout).toContain("created user admin (in group admins)");
    expect(result.stdout).toContain("shown only this once");
    expect(result.stdout).not.toContain("CAIRN_ADMIN_TOKEN");

    const spec = await loadProjectSpec(dir);
    expect(spec.name).toBe("my-weather");
    expect(spec.commands.get("hello")?.parameters.get("name")?.default).toBe("world");
    expect(spec.commands.has("note list")).toBe(true);
  });

  it("migrates the database and makes the admin, whose token is printed once and works", async () => {
    const dir = join(base, "p");
    const result = await cli(["init", dir], { cwd: base });
    expect(result.code, result.stderr).toBe(0);
    const [token, ...again] = result.stdout.match(TOKEN) ?? [];
    if (token === undefined) throw new Error(`no token in:\n${result.stdout}`);
    expect(again.every((t) => t === token)).toBe(true);
    expect(result.stdout).toContain(`Authorization: Bearer ${token}`);
    expect(result.stdout).toContain(
      `cairn host save local url=http://127.0.0.1:8000 token=${token}`,
    );
    expect(await userOf(dir, token)).toBe("admin");

    expect(await json(["user", "list", "--fields", "name,groups"], dir)).toEqual([
      { name: "admin", groups: ["admins"] },
    ]);
    expect(await json(["group", "list", "--fields", "name,roles"], dir)).toEqual([
      { name: "admins", roles: "admin" },
    ]);
    expect(await json(["token", "list", "--fields", "name,user,expires"], dir)).toEqual([
      { name: "init", user: "admin", expires: null },
    ]);
    // Ready to use: no `db migrate` first.
    expect((await cli(["note", "save", "first", "text=hi"], { cwd: dir })).code).toBe(0);
  });

  it("prints the token in the JSON object with --format json", async () => {
    const result = await cli(["init", "j", "--format", "json"], { cwd: base });
    expect(result.code, result.stderr).toBe(0);
    const printed = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(printed).toMatchObject({
      project: join(base, "j"),
      created: expect.arrayContaining(["cairn.yml", "README.md"]) as unknown,
      kept: [],
      admin: { user: "admin", group: "admins", created: true },
      admin_token_env: false,
      next: ["cd j", "cairn hello name=you", "cairn note save first text=hi", "cairn serve"],
    });
    expect(printed.migrated).toBeGreaterThan(0);
    expect(printed.token).toMatch(/^cairn_[A-Za-z0-9_-]{43}$/);
    expect(await userOf(join(base, "j"), String(printed.token))).toBe("admin");
  });

  it("says that CAIRN_ADMIN_TOKEN acts as admin too, and still makes the user", async () => {
    const result = await cli(["init", "d"], { cwd: base, env: { CAIRN_ADMIN_TOKEN: "s3cret" } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("CAIRN_ADMIN_TOKEN is set: that token acts as the user admin");
    expect(result.stdout).toContain("created user admin");
    expect(result.stdout).toMatch(TOKEN);
    expect(await json(["user", "list", "--fields", "name"], join(base, "d"))).toEqual([
      { name: "admin" },
    ]);
  });

  it("keeps an admin the database already has, and issues no second token", async () => {
    const dir = join(base, "again");
    expect((await cli(["init", dir], { cwd: base })).code).toBe(0);
    rmSync(join(dir, "cairn.yml"));
    const result = await cli(["init", dir], { cwd: base });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("kept    the database schema (already up to date)");
    expect(result.stdout).toContain("kept    user admin (already exists)");
    expect(result.stdout).toContain("no token was issued");
    expect(result.stdout).toContain("cairn user token admin name=NAME");
    expect(result.stdout).not.toMatch(TOKEN);
    expect(await json(["token", "list", "--fields", "name"], dir)).toEqual([{ name: "init" }]);

    rmSync(join(dir, "cairn.yml"));
    const quiet = await json(["init", dir], base);
    expect(quiet).toMatchObject({ admin: { created: false }, token: null, migrated: 0 });
  });

  it("keeps an existing group admins as it is and makes the user in it", async () => {
    const dir = join(base, "group");
    expect((await cli(["init", dir], { cwd: base })).code).toBe(0);
    expect((await cli(["user", "remove", "admin"], { cwd: dir })).code).toBe(0);
    expect((await cli(["group", "save", "admins", "roles=auditor"], { cwd: dir })).code).toBe(0);
    rmSync(join(dir, "cairn.yml"));
    const result = await cli(["init", dir], { cwd: base });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("kept    group admins (already exists)");
    expect(result.stdout).toContain("created user admin (in group admins)");
    const [token] = result.stdout.match(TOKEN) ?? [];
    expect(await userOf(dir, token ?? "")).toBe("admin");
    expect(await json(["group", "list", "--fields", "name,roles"], dir)).toEqual([
      { name: "admins", roles: "auditor" },
    ]);
  });

  it("says what is left to do when the database cannot be set up", async () => {
    const result = await cli(["init", "bad"], {
      cwd: base,
      env: { CAIRN_DATABASE_URL: "oracle://nowhere" },
    });
    expect(result.code).toBe(2);
    expect(existsSync(join(base, "bad", "cairn.yml"))).toBe(true);
    expect(result.stderr).toContain("its database is not set up");
    expect(result.stderr).toContain("cairn db migrate");
    expect(result.stderr).toContain("error CAIRN_DATABASE_URL_INVALID");
  });

  it("uses the current directory by default and works without a project", async () => {
    const dir = join(base, "here");
    mkdirSync(dir);
    const result = await cli(["init"], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain("cd ");
    expect(readFileSync(join(dir, "cairn.yml"), "utf8")).toContain("name: here\n");
  });

  it("refuses to overwrite a project (exit 2) and keeps other existing files", async () => {
    writeFileSync(join(base, "README.md"), "mine\n");
    expect((await cli(["init"], { cwd: base })).code).toBe(0);
    expect(readFileSync(join(base, "README.md"), "utf8")).toBe("mine\n");

    const again = await cli(["init", "."], { cwd: base });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("error CAIRN_PROJECT_EXISTS");
  });

  it("names projects from their directory as valid module names", () => {
    expect(projectName("/x/Weather Data")).toBe("weather-data");
    expect(projectName("/x/2024_stats")).toBe("stats");
    expect(projectName("/x/___")).toBe("project");
  });
});
