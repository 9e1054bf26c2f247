import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CairnClient } from "../../src/faces/client/index.js";
import { cairnArgv, startCairnServer, type CairnServer } from "../client/support/cairn-server.js";
import { cli, type CliResult } from "./support/cli-harness.js";

/**
 * `cairn --host` against a real `cairn serve` process: every command must print and
 * exit exactly as the same command run locally on the server's project.
 */
let server: CairnServer;
let elsewhere: string;
let env: Record<string, string>;
beforeAll(async () => {
  server = await startCairnServer();
  elsewhere = mkdtempSync(join(tmpdir(), "cairn-remote-"));
  env = { CAIRN_HOSTS_FILE: join(elsewhere, "hosts.json") };
  const saved = await cli(["host", "save", "dev", `url=${server.url}`, `token=${server.token}`], {
    cwd: elsewhere,
    env,
  });
  expect(saved.code).toBe(0);
  for (const [number, name] of [
    ["03005", "Alps"],
    ["03000", "Jura"],
    ["03010", "Ticino, South"],
  ] as const) {
    expect((await remote(["station", "save", number, `name=${name}`])).code).toBe(0);
  }
});
afterAll(async () => {
  await server.stop();
  rmSync(elsewhere, { recursive: true, force: true });
});

/** The command on the server, from a directory without a project. */
function remote(argv: readonly string[], extra: Record<string, string> = {}): Promise<CliResult> {
  return cli(["--host", "dev", ...argv], { cwd: elsewhere, env: { ...env, ...extra } });
}

/** The same command run locally, in the server's project. */
function local(argv: readonly string[]): Promise<CliResult> {
  return cli(argv, { cwd: server.project.dir });
}

async function both(argv: readonly string[]): Promise<[CliResult, CliResult]> {
  const here = await local(argv);
  return [here, await remote(argv)];
}

/** NDJSON lines without what differs between two runs: their execution and time. */
function withoutRunIdentity(ndjson: string): unknown[] {
  return ndjson
    .trim()
    .split("\n")
    .map((line) => {
      const { execution: _e, time: _t, ...rest } = JSON.parse(line) as Record<string, unknown>;
      return rest;
    });
}

describe("cairn --host", () => {
  it("prints a list as locally, in every format", async () => {
    for (const format of ["json", "table", "csv"]) {
      const [here, there] = await both([
        "station",
        "list",
        "--order",
        "-number",
        "--format",
        format,
      ]);
      expect(there).toEqual(here);
      expect(here.code).toBe(0);
    }
    const [here, there] = await both([
      "station",
      "list",
      "name__icontains=a",
      "--fields",
      "number",
    ]);
    expect(there).toEqual(here);
    expect(
      JSON.parse((await remote(["station", "get", "03005", "--format", "json"])).stdout),
    ).toMatchObject({
      number: "03005",
      name: "Alps",
    });
  });

  it("shows messages, tables and progress as locally", async () => {
    const [here, there] = await both(["weather", "report"]);
    expect(there).toEqual(here);
    expect(there.stdout).toContain("steps: 1/2\nsteps: 2/2\n");
    const [hereJson, thereJson] = await both(["weather", "report", "--format", "json"]);
    expect(withoutRunIdentity(thereJson.stdout)).toEqual(withoutRunIdentity(hereJson.stdout));
    expect(thereJson.code).toBe(0);
  });

  it("queues with --queue (followed to the end) and --async (the id at once)", async () => {
    const here = await local(["weather", "report"]);
    const queued = await remote(["weather", "report", "--queue"]);
    expect(queued).toEqual(here);
    const started = await remote(["weather", "report", "--async"]);
    expect(started.code).toBe(0);
    const id = started.stdout.trim();
    expect(id).toMatch(/^\d+$/);
    const client = new CairnClient({ url: server.url, token: server.token });
    const status = await client.execution(id).follow().status();
    expect(status.status).toBe("success");
    const urgent = await remote(["weather", "report", "--async", "--priority=2"]);
    const row = await client.data("execution").get(Number(urgent.stdout.trim()));
    expect(row).toMatchObject({ priority: 2, origin: "api" });
    await client.execution(urgent.stdout.trim()).follow().status();
  });

  it("passes parameters as the CLI parsed them", async () => {
    const argv = ["weather", "fetch", "days=3", "--dry-run", "tags=a,b", "--format", "json"];
    const [here, there] = await both(argv);
    expect(withoutRunIdentity(there.stdout)).toEqual(withoutRunIdentity(here.stdout));
    expect(withoutRunIdentity(there.stdout).at(-1)).toMatchObject({
      result: { days: 3, unit: "c", tags: ["a", "b"] },
    });
  });

  it("exits 1 with the handler's error when a command fails", async () => {
    const [here, there] = await both(["weather", "fail"]);
    expect(there.code).toBe(1);
    expect(here.code).toBe(1);
    const head = (text: string) => text.split("\n").slice(0, 2).join("\n");
    expect(head(there.stderr)).toBe(head(here.stderr));
    expect(there.stderr).toContain("error CAIRN_HANDLER_FAILED: the sky fell");
  });

  it("exits 2 with the same message for a parameter error, in table and json", async () => {
    for (const format of ["table", "json"]) {
      const [here, there] = await both(["weather", "fetch", "days=99", "--format", format]);
      expect(there).toEqual(here);
      expect(there.code).toBe(2);
      expect(there.stderr).toContain("expected at most 30, got 99");
    }
    const [here, there] = await both(["station", "get", "99999"]);
    expect(there).toEqual(here);
    expect(there.code).toBe(1);
  });

  it("knows the server's commands: help, and did-you-mean for unknown ones", async () => {
    const [here, there] = await both(["weather", "fetch", "--help"]);
    expect(there).toEqual(here);
    const unknown = await remote(["weather", "fetc"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("did you mean");
    const top = await remote([]);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/weather \[command\]/);
    expect(top.stdout).toContain("--host <name|url>");
  });

  it("takes a URL, with its token from CAIRN_TOKEN", async () => {
    const byUrl = await cli(["--host", server.url, "station", "list", "--format", "json"], {
      cwd: elsewhere,
      env: { CAIRN_TOKEN: server.token },
    });
    expect(byUrl.code).toBe(0);
    expect(JSON.parse(byUrl.stdout)).toHaveLength(3);
    const wrong = await cli(["--host", server.url, "station", "list"], {
      cwd: elsewhere,
      env: { CAIRN_TOKEN: "wrong" },
    });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("error CAIRN_UNAUTHORIZED: invalid bearer token");
  });

  it("exits 1 when the host cannot be reached", async () => {
    const port = await closedPort();
    const result = await cli(["--host", `http://127.0.0.1:${String(port)}`, "station", "list"], {
      cwd: elsewhere,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `error CAIRN_HOST_UNREACHABLE: http://127.0.0.1:${String(port)}`,
    );
  });

  it("aborts the run on the server on Ctrl-C and exits 130", async () => {
    const child = spawn(process.execPath, cairnArgv(["--host", "dev", "weather", "wait"]), {
      cwd: elsewhere,
      env: { ...process.env, ...env, NO_COLOR: "1" },
    });
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise<void>((resolve) => {
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes("waiting")) resolve();
      });
    });
    child.kill("SIGINT");
    const code = await new Promise((resolve) => child.once("exit", resolve));
    expect(code).toBe(130);
    expect(stderr).toContain("aborting... (Ctrl-C again to quit at once)");
    expect(stdout).toContain("stopping");
    const client = new CairnClient({ url: server.url, token: server.token });
    const page = await client.data("execution").list({
      filters: { command: "weather wait" },
      fields: ["status"],
    });
    expect(page.results).toEqual([{ status: "aborted" }]);
  }, 30_000);
});

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}
