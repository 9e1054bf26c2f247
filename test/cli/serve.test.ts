import { EventEmitter } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/faces/http/index.js";
import { cairnVersion } from "../../src/faces/package-version.js";
import type { Runtime } from "../../src/runtime/runtime.js";
import { cli, fakeServices } from "./support/cli-harness.js";
import { createFixtureProject, type FixtureProject } from "./support/fixture-project.js";
import { specRuntime } from "../http/support/http-project.js";

let project: FixtureProject;
beforeAll(() => {
  project = createFixtureProject();
});
afterAll(() => {
  project.remove();
});

function fakeRuntime(databaseUrl?: string): Promise<Runtime> {
  return specRuntime(
    project.dir,
    databaseUrl === undefined ? {} : { CAIRN_DATABASE_URL: databaseUrl },
  );
}

describe("GET /status", () => {
  it("answers the project, Cairn's version and the database dialect", async () => {
    const app = await createApp({
      runtime: await fakeRuntime(),
      cairnVersion: "9.9.9",
      logLevel: false,
    });
    const response = await app.inject({ method: "GET", url: "/status" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("application/json");
    expect(response.json()).toEqual({
      status: "ok",
      name: "clifix",
      version: "2.3.4",
      cairn: "9.9.9",
      database: "sqlite",
    });
    await app.close();
  });

  it("names the dialect of CAIRN_DATABASE_URL", async () => {
    const app = await createApp({
      runtime: await fakeRuntime("postgres://u@localhost:5432/db"),
      cairnVersion: cairnVersion(),
      logLevel: false,
    });
    const body: unknown = (await app.inject({ url: "/status" })).json();
    expect(body).toMatchObject({ database: "postgres", cairn: cairnVersion() });
    await app.close();
  });
});

describe("cairn serve in-process", () => {
  it("listens on --host/--port, logs with pino and stops on SIGTERM", async () => {
    const { services, log } = fakeServices(() => []);
    const signals = new EventEmitter();
    let announce: (url: string) => void = () => undefined;
    const listening = new Promise<string>((resolve) => {
      announce = resolve;
    });
    const running = cli(["serve", "--port", "0", "--host", "127.0.0.1"], {
      cwd: project.dir,
      services,
      signals,
      env: { CAIRN_LOG_LEVEL: "info" },
      onStderr: (chunk) => {
        const url = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(chunk)?.[1];
        if (url !== undefined) announce(url);
      },
    });
    const url = await listening;
    const response = await fetch(`${url}/status`);
    expect(await response.json()).toMatchObject({ status: "ok", name: "clifix" });
    signals.emit("SIGTERM");
    const result = await running;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("SIGTERM, stopping");
    const logLines = result.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { msg?: string });
    expect(logLines.some((l) => l.msg?.startsWith("Server listening at") === true)).toBe(true);
    expect(log.closed).toBe(1);
  });

  it("rejects a bad port with exit 2", async () => {
    const { services } = fakeServices(() => []);
    const result = await cli(["serve", "--port", "http"], { cwd: project.dir, services });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--port http is not a port number");
  });
});
