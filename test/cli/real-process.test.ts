import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFixtureProject, type FixtureProject } from "./support/fixture-project.js";

/** The CLI as users start it: a real Node.js process, from source through tsx. */
const root = fileURLToPath(new URL("../../", import.meta.url));
const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
const entry = fileURLToPath(new URL("../../src/faces/cli/entry.ts", import.meta.url));
const bin = fileURLToPath(new URL("../../bin/cairn.js", import.meta.url));
const built = existsSync(new URL("../../dist/faces/cli/main.js", import.meta.url));
const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  version: string;
};

let project: FixtureProject;
beforeAll(() => {
  project = createFixtureProject();
});
afterAll(() => {
  project.remove();
});

function cairn(args: string[], env: Record<string, string> = {}) {
  return spawn(process.execPath, ["--import", tsx, entry, ...args], {
    cwd: project.dir,
    env: { ...process.env, NO_COLOR: "1", ...env },
  });
}

function collect(stream: NodeJS.ReadableStream): { text: () => string } {
  let text = "";
  stream.on("data", (chunk: Buffer) => (text += chunk.toString()));
  return { text: () => text };
}

function exited(child: ReturnType<typeof spawn>): Promise<number | null> {
  return new Promise((resolve) =>
    child.on("exit", (code) => {
      resolve(code);
    }),
  );
}

describe("cairn as a process", () => {
  it("prints its version and exits 0", async () => {
    const child = cairn(["--version"]);
    const out = collect(child.stdout);
    expect(await exited(child)).toBe(0);
    expect(out.text().trim()).toBe(version);
  });

  it("exits 2 on an unknown command", async () => {
    const child = cairn(["statoin"]);
    const err = collect(child.stderr);
    expect(await exited(child)).toBe(2);
    expect(err.text()).toContain("did you mean 'station'?");
  });

  it("serves GET /status over HTTP and stops on SIGTERM", async () => {
    const child = cairn(["serve", "--port", "0"], { CAIRN_LOG_LEVEL: "warn" });
    const out = collect(child.stdout);
    const url = await new Promise<string>((resolve, reject) => {
      let seen = "";
      child.stderr.on("data", (chunk: Buffer) => {
        seen += chunk.toString();
        const match = /on (http:\/\/\S+) /.exec(seen);
        if (match?.[1] !== undefined) resolve(match[1]);
      });
      child.on("exit", () => {
        reject(new Error(`serve exited: ${seen}`));
      });
    });
    const response = await fetch(`${url}/status`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: "ok",
      name: "clifix",
      version: "2.3.4",
      cairn: version,
      database: "sqlite",
    });
    child.kill("SIGTERM");
    expect(await exited(child)).toBe(0);
    expect(out.text()).toBe("");
  });

  it("aborts the running command on Ctrl-C and exits 130", async () => {
    expect((await exited(cairn(["db", "migrate"]))) ?? -1).toBe(0);
    const child = cairn(["weather", "wait"]);
    const err = collect(child.stderr);
    await new Promise<void>((resolve) => {
      child.stdout.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("waiting")) resolve();
      });
    });
    child.kill("SIGINT");
    expect(await exited(child)).toBe(130);
    expect(err.text()).toContain("aborting...");
  });

  it("stops a handler that never yields on Ctrl-C, after the grace period", async () => {
    const child = cairn(["weather", "spin"]);
    await new Promise<void>((resolve) => {
      child.stdout.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("spinning")) resolve();
      });
    });
    child.kill("SIGINT");
    expect(await exited(child)).toBe(130);
    const executions = spawnSync(
      process.execPath,
      ["--import", tsx, entry, "execution", "list", "command=weather spin", "--format", "json"],
      { cwd: project.dir },
    );
    expect(JSON.parse(executions.stdout.toString())).toMatchObject([{ status: "aborted" }]);
  }, 30_000);

  it.skipIf(!built)("runs from bin/cairn.js once built (npm run build)", () => {
    const result = spawnSync(process.execPath, [bin, "--version"], { cwd: project.dir });
    expect(result.status).toBe(0);
    expect(result.stdout.toString().trim()).toBe(version);
  });
});
