import { beforeAll, expect, it } from "vitest";
import { codecFor } from "../../src/engines/storage/records/index.js";
import { purgeOldRows } from "../../src/runtime/retention/purge-old-rows.js";
import { describeEachBackend } from "../support/describe-each-backend.js";
import { useAuditProject } from "./support/use-audit-project.js";

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();

/** More old executions than one purge batch holds (200). */
const MANY = 205;

describeEachBackend("audit: retention purge", (backend) => {
  const fixture = useAuditProject(backend, { CAIRN_RETAIN_AUDIT_DAYS: "365" });
  const ids: Record<string, number> = {};

  const execution = async (name: string, values: Record<string, unknown>) => {
    const { row } = await fixture
      .store()
      .save("execution", { key: "" }, { command: "station list", origin: "cli", ...values });
    ids[name] = Number(row.id);
  };
  const messages = async (name: string, times: readonly string[]) => {
    await fixture.store().saveMany(
      "execution_message",
      times.map((time, i) => ({
        key: { key: String(i + 1), scope: { execution: String(ids[name]) } },
        values: { type: "info", time, body: { text: `message ${String(i + 1)}` } },
      })),
    );
  };
  const setCreated = async (table: string, rows: readonly number[], iso: string) => {
    const database = backend.database();
    await database.db
      .updateTable(table)
      .set({ created: codecFor("datetime").toDb(iso, database.dialect) })
      .where("id", "in", [...rows])
      .execute();
  };
  const left = async (model: string) =>
    (await fixture.store().list(model, { fields: ["id"], order: ["id"], limit: 1_000_000 })).map(
      (row) => Number(row.id),
    );

  beforeAll(async () => {
    await execution("old", { status: "success", started: ago(101), finished: ago(100) });
    await messages("old", [ago(101), ago(101), ago(100)]);
    await execution("child", { status: "success", finished: ago(1), parent: String(ids.old) });
    await execution("recent", { status: "failed", finished: ago(10) });
    await messages("recent", [ago(40), ago(35), ago(5)]);
    await execution("running", { status: "running", started: ago(200), heartbeat: ago(0) });
    await messages("running", [ago(200), ago(199)]);
    await execution("queued", { status: "queued", queued: ago(200) });
    await execution("lost", { status: "lost" });
    await setCreated("execution", [Number(ids.lost), Number(ids.queued)], ago(120));
    await fixture.store().saveMany(
      "execution",
      Array.from({ length: MANY }, () => ({
        key: { key: "" },
        values: { command: "station get", origin: "cli", status: "aborted", finished: ago(95) },
      })),
    );
    const bulk = await fixture.store().list("execution", {
      filters: [{ path: "command", value: "station get" }],
      fields: ["id"],
      limit: 1_000_000,
    });
    await fixture.store().saveMany(
      "execution_message",
      bulk.map((row) => ({
        key: { key: "1", scope: { execution: String(row.id) } },
        values: { type: "info", time: ago(95), body: { text: "bulk" } },
      })),
    );
    await fixture.run("region save", { key: "East" });
    await fixture.run("region save", { key: "West" });
    await fixture.run("region save", { key: "Middle" });
    const entries = await left("audit_entry");
    await setCreated("audit_entry", entries.slice(0, 2), ago(400));
  });

  it("counts what it would remove with --dry-run, and removes nothing", async () => {
    const before = await Promise.all(["execution", "execution_message", "audit_entry"].map(left));
    const run = await fixture.run("retention purge", { dry_run: "true" });
    expect(run.messages.at(-1)).toMatchObject({
      status: "success",
      result: { executions: MANY + 2, messages: MANY + 5, auditEntries: 2, dryRun: true },
    });
    expect(run.messages.find((message) => message.type === "table")).toMatchObject({
      columns: ["rows", "kept", "would remove"],
      rows: [
        { rows: "executions", kept: "90 days (CAIRN_RETAIN_EXECUTIONS_DAYS)" },
        { rows: "messages", kept: "30 days (CAIRN_RETAIN_MESSAGES_DAYS)" },
        { rows: "audit entries", kept: "365 days (CAIRN_RETAIN_AUDIT_DAYS)" },
      ],
    });
    const kept = await purgeOldRows(backend.database(), {
      retention: { retainExecutionsDays: 0, retainMessagesDays: 0, retainAuditDays: 0 },
      now: new Date(),
      signal: new AbortController().signal,
    });
    expect(kept).toEqual({ executions: 0, messages: 0, auditEntries: 0 });
    const after = await Promise.all(["execution", "execution_message", "audit_entry"].map(left));
    // Only the dry run's own execution and its messages were added.
    expect(after[0]).toEqual([...(before[0] ?? []), Number(run.id)]);
    expect(after[2]).toEqual(before[2]);
  });

  it("removes old finished executions with their messages, old messages and old entries", async () => {
    const run = await fixture.run("retention purge", {});
    expect(run.messages.at(-1)).toMatchObject({
      status: "success",
      result: { executions: MANY + 2, messages: MANY + 5, auditEntries: 2, dryRun: false },
    });
    expect(run.messages).toContainEqual(
      expect.objectContaining({
        type: "success",
        text: `removed ${String(MANY + 2)} executions, ${String(MANY + 5)} messages, 2 audit entries`,
      }),
    );
    const executions = new Set(await left("execution"));
    for (const name of ["old", "lost"]) expect(executions.has(Number(ids[name])), name).toBe(false);
    for (const name of ["child", "recent", "running", "queued"])
      expect(executions.has(Number(ids[name])), name).toBe(true);
    expect(
      await fixture
        .store()
        .count("execution", { filters: [{ path: "command", value: "station get" }] }),
    ).toBe(0);
    expect((await fixture.store().get("execution", { key: String(ids.child) })).parent).toBeNull();
    const seqs = async (name: string) =>
      (
        await fixture.store().list("execution_message", {
          filters: [{ path: "execution", value: ids[name] }],
          order: ["seq"],
        })
      ).map((row) => row.seq);
    expect(await seqs("recent")).toEqual([3]);
    expect(await seqs("running")).toEqual([1, 2]);
    expect(await fixture.store().count("audit_entry")).toBe(1);
  });

  it("finds nothing more to remove when run again", async () => {
    const run = await fixture.run("retention purge", {});
    expect(run.messages.at(-1)).toMatchObject({
      result: { executions: 0, messages: 0, auditEntries: 0 },
    });
  });

  it("declares the hourly purge schedule in core, stored when schedules sync", async () => {
    const sync = await fixture.runtime().syncSpecSchedules();
    expect(sync.created).toContain("retention");
    const schedule = await fixture.store().get("schedule", { key: "retention" });
    expect(schedule).toMatchObject({
      command: "retention purge",
      expression: "every 1h",
      origin: "spec",
      paused: false,
    });
  });
});
