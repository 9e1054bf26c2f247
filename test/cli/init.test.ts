import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { projectName } from "../../src/faces/cli/commands/init-command.js";
import { loadProjectSpec } from "../../src/spec/index.js";
import { cli } from "./support/cli-harness.js";

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
    expect(result.stdout).toContain("cairn db migrate");
    expect(result.stdout).toContain("cairn hello name=you");

    const spec = await loadProjectSpec(dir);
    expect(spec.name).toBe("my-weather");
    expect(spec.commands.get("hello")?.parameters.get("name")?.default).toBe("world");
    expect(spec.commands.has("note list")).toBe(true);
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
