import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/engines/storage/database.js";
import { createRecordStore } from "../../src/engines/storage/records/index.js";
import { migrateDatabase } from "../../src/engines/storage/schema/index.js";
import { defaultDatabaseUrl } from "../../src/foundations/settings.js";
import { loadProjectSpec } from "../../src/spec/index.js";
import { writeQueueProject } from "../runtime/support/queue-project.js";
import type { TempTree } from "../support/temp-tree.js";
import { cli, fakeServices, status } from "./support/cli-harness.js";
import { createFixtureProject, type FixtureProject } from "./support/fixture-project.js";

describe("--queue, --async and --local (scripted runtime)", () => {
  let project: FixtureProject;
  beforeAll(() => {
    project = createFixtureProject();
  });
  afterAll(() => {
    project.remove();
  });

  it("passes the run options to the runtime, not as parameters", async () => {
    const { services, log } = fakeServices(() => [status("success")]);
    const queued = await cli(["weather", "fetch", "--queue=reports"], {
      cwd: project.dir,
      services,
    });
    expect(queued.code).toBe(0);
    const local = await cli(["weather", "fetch", "--local"], { cwd: project.dir, services });
    expect(local.code).toBe(0);
    expect(log.requests[0]).toMatchObject({ queue: true, queueName: "reports", parameters: {} });
    expect(log.requests[1]).toMatchObject({ local: true, parameters: {} });
    expect(log.requests[1]?.queue).toBeUndefined();
  });

  it("prints the execution id with --async and exits 0 without following", async () => {
    const { services, log } = fakeServices(() => ({
      [Symbol.iterator]: () => {
        throw new Error("the messages must not be read");
      },
    }));
    const result = await cli(["weather", "fetch", "--async"], { cwd: project.dir, services });
    expect(result).toMatchObject({ code: 0, stdout: "7\n" });
    expect(log.requests[0]).toMatchObject({ async: true });
  });

  it("passes --priority=N and --priority N with a queued run", async () => {
    const { services, log } = fakeServices(() => [status("success")]);
    expect(
      (await cli(["weather", "fetch", "--queue", "--priority=3"], { cwd: project.dir, services }))
        .code,
    ).toBe(0);
    expect(
      (
        await cli(["weather", "fetch", "--priority", "0", "--async"], {
          cwd: project.dir,
          services,
        })
      ).code,
    ).toBe(0);
    expect(log.requests[0]).toMatchObject({ queue: true, priority: 3, parameters: {} });
    expect(log.requests[1]).toMatchObject({ async: true, priority: 0, parameters: {} });
  });

  it("refuses a --priority that is not a whole number, or with a run that is not queued", async () => {
    const { services, log } = fakeServices(() => [status("success")]);
    const cases: [string[], string][] = [
      [["--queue", "--priority=soon"], "needs a whole number"],
      [["--queue", "--priority=-1"], "needs a whole number"],
      [["--queue", "--priority"], "needs a whole number"],
      [["--priority=1"], "orders queued runs"],
      [["--local", "--priority=1"], "orders queued runs"],
    ];
    for (const [options, problem] of cases) {
      const result = await cli(["weather", "fetch", ...options], { cwd: project.dir, services });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(problem);
    }
    expect(log.requests).toHaveLength(0);
  });

  it("refuses --local with --queue or --async (exit 2)", async () => {
    const { services, log } = fakeServices(() => [status("success")]);
    for (const other of ["--queue", "--async"]) {
      const result = await cli(["weather", "fetch", "--local", other], {
        cwd: project.dir,
        services,
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("--local runs here");
    }
    expect(log.requests).toHaveLength(0);
  });
});

describe("--async and --local (real runtime)", () => {
  let project: TempTree;
  beforeAll(async () => {
    project = writeQueueProject();
    const database = await openDatabase(defaultDatabaseUrl(project.dir));
    await migrateDatabase(database, await loadProjectSpec(project.dir));
    await database.close();
  });
  afterAll(() => {
    project.remove();
  });

  it("queues with --async (the row waits for a worker) and runs here with --local", async () => {
    const queued = await cli(["q", "note", "label=later", "--async"], { cwd: project.dir });
    expect(queued.code).toBe(0);
    const id = queued.stdout.trim();
    expect(id).toMatch(/^\d+$/);
    const local = await cli(["q", "later", "label=here", "--local"], { cwd: project.dir });
    expect(local.code).toBe(0);
    const database = await openDatabase(defaultDatabaseUrl(project.dir));
    try {
      const store = createRecordStore(database, await loadProjectSpec(project.dir));
      expect(await store.get("execution", { key: id })).toMatchObject({
        status: "queued",
        queue: "default",
        origin: "cli",
      });
      const effects = await store.list("effect", {});
      expect(effects.map((row) => row.label)).toEqual(["here"]);
    } finally {
      await database.close();
    }
  });
});
