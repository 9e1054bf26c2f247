import { EventEmitter } from "node:events";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/engines/storage/database.js";
import { createRecordStore } from "../../src/engines/storage/records/index.js";
import { migrateDatabase } from "../../src/engines/storage/schema/index.js";
import { loadProjectSpec } from "../../src/spec/index.js";
import { cli } from "../cli/support/cli-harness.js";
import { writeSchedulerProject } from "./support/scheduler-project.js";

async function until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// `cairn scheduler` in this process on a SQLite file: the embedded shape's lease is a
// database row, its queue the executions table.
describe("cairn scheduler", () => {
  const project = writeSchedulerProject();
  const url = `sqlite:${join(project.dir, "clock.db")}`;

  beforeAll(async () => {
    const spec = await loadProjectSpec(project.dir);
    const database = await openDatabase(url);
    try {
      await migrateDatabase(database, spec);
      await createRecordStore(database, spec).save(
        "schedule",
        { key: "tick" },
        {
          command: "job note",
          expression: "every 1s",
          timezone: "UTC",
          anchor: "2020-01-01T00:00:00.000Z",
          checked_until: new Date().toISOString(),
          overlap: "allow",
        },
      );
    } finally {
      await database.close();
    }
  });
  afterAll(() => {
    project.remove();
  });

  it("says when it stands by and when it is active, fires, and on SIGTERM releases the lease", async () => {
    const signals = new EventEmitter();
    let stderr = "";
    const running = cli(["scheduler"], {
      cwd: project.dir,
      env: { CAIRN_DATABASE_URL: url, CAIRN_LOG_LEVEL: "debug" },
      signals,
      onStderr: (chunk) => (stderr += chunk),
    });
    await until(() => /schedule 'tick': fired execution \d+ for /.test(stderr), "a fire");
    signals.emit("SIGTERM");
    const result = await running;
    expect(result.code).toBe(0);
    const lines = result.stderr.split("\n");
    const name = /^cairn scheduler: (\S+) standing by$/.exec(lines[0] ?? "")?.[1];
    expect(name).toBeDefined();
    expect(lines).toContain(`cairn scheduler: ${String(name)} active (term 1)`);
    expect(lines).toContain("cairn scheduler: SIGTERM, releasing the lease");

    // Released: the next replica takes the lease at once, under the next term.
    const again = new EventEmitter();
    let next = "";
    const second = cli(["scheduler"], {
      cwd: project.dir,
      env: { CAIRN_DATABASE_URL: url },
      signals: again,
      onStderr: (chunk) => (next += chunk),
    });
    await until(() => next.includes("active (term 2)"), "the next replica", 3000);
    again.emit("SIGINT");
    expect((await second).code).toBe(0);
    // At the default log level, only the changes: no line per fire.
    expect(next).not.toContain("fired execution");
  });

  it("waits for `cairn db migrate` rather than fail", async () => {
    const empty = writeSchedulerProject();
    try {
      const signals = new EventEmitter();
      let stderr = "";
      const running = cli(["scheduler"], {
        cwd: empty.dir,
        env: { CAIRN_DATABASE_URL: `sqlite:${join(empty.dir, "new.db")}` },
        signals,
        onStderr: (chunk) => (stderr += chunk),
      });
      await until(() => stderr.includes("waiting for `cairn db migrate`"), "the wait");
      signals.emit("SIGTERM");
      expect((await running).code).toBe(0);
      expect(stderr).not.toContain("active");
    } finally {
      empty.remove();
    }
  });
});
