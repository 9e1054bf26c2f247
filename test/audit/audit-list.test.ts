import { beforeAll, expect, it } from "vitest";
import { codecFor } from "../../src/engines/storage/records/index.js";
import type { RecordRow } from "../../src/engines/storage/records/record-store.js";
import { describeEachBackend } from "../support/describe-each-backend.js";
import { useAuditProject } from "./support/use-audit-project.js";

const DAY = 86_400_000;

describeEachBackend("audit: audit list", (backend) => {
  const fixture = useAuditProject(backend);

  /** Moves entries' `created` back by `days`. */
  const age = async (ids: readonly unknown[], days: number) => {
    const database = backend.database();
    const created = codecFor("datetime").toDb(
      new Date(Date.now() - days * DAY).toISOString(),
      database.dialect,
    );
    await database.db
      .updateTable("audit_entry")
      .set({ created })
      .where("id", "in", ids.map(Number))
      .execute();
  };

  const list = async (parameters: Record<string, unknown>) => {
    const run = await fixture.run("audit list", parameters, { user: "carol" });
    const last = run.messages.at(-1);
    expect(last).toMatchObject({ type: "status", status: "success" });
    return last?.type === "status" ? (last.result as RecordRow[]) : [];
  };
  const summary = (rows: readonly RecordRow[]) =>
    rows.map(
      (row) =>
        `${String(row.user)} ${String(row.action)} ${String(row.model)} ${String(row.row_key)}`,
    );

  beforeAll(async () => {
    await fixture.run("station save", { key: "03005", name: "Bern" }, { user: "alice" });
    await fixture.run("region save", { key: "East" }, { user: "alice" });
    await fixture.run("station save", { key: "03005", name: "Berne" }, { user: "bob" });
    await fixture.run("station save", { key: "06610", name: "Zurich" }, { user: "alice" });
    await fixture.run("station remove", { key: "06610" }, { user: "alice" });
    const entries = await fixture.entries();
    // The first two happened 3 days ago, the third 13 hours ago.
    await age(
      entries.slice(0, 2).map((entry) => entry.id),
      3,
    );
    await age([entries[2]?.id], 13 / 24);
  });

  it("lists every entry newest first, as a table with each change summed up", async () => {
    const run = await fixture.run("audit list", {});
    const table = run.messages.find((message) => message.type === "table");
    expect(table).toMatchObject({
      columns: ["id", "time", "user", "origin", "action", "model", "key", "changes"],
    });
    const rows = table?.type === "table" ? table.rows : [];
    expect(rows.map((row) => row.changes)).toEqual([
      "number: 06610, name: Zurich, api_secret: [redacted]",
      "number: 06610, name: Zurich",
      "name: Bern -> Berne",
      "name: East",
      "number: 03005, name: Bern",
    ]);
    expect(rows[0]).toMatchObject({ user: "alice", origin: "cli", action: "remove", key: "06610" });
  });

  it("filters by user, model, action and a duration or date since", async () => {
    expect(summary(await list({ user: "alice", model: "station" }))).toEqual([
      "alice remove station 06610",
      "alice create station 06610",
      "alice create station 03005",
    ]);
    expect(summary(await list({ action: "update" }))).toEqual(["bob update station 03005"]);
    expect(summary(await list({ since: "1d" }))).toEqual([
      "alice remove station 06610",
      "alice create station 06610",
      "bob update station 03005",
    ]);
    expect(await list({ since: "12h" })).toHaveLength(2);
    expect(await list({ since: "30m", user: "bob" })).toEqual([]);
    const yesterday = new Date(Date.now() - DAY).toISOString().slice(0, 10);
    expect(await list({ since: yesterday })).toHaveLength(3);
    expect(
      await list({ since: `${new Date(Date.now() - 4 * DAY).toISOString().slice(0, 16)}Z` }),
    ).toHaveLength(5);
    expect(
      summary(await list({ user: "alice", model: "station", since: "1d", limit: "1" })),
    ).toEqual(["alice remove station 06610"]);
  });

  it("returns whole entries: changes as objects, the execution that wrote", async () => {
    const [newest] = await list({ limit: "1" });
    expect(newest).toMatchObject({
      action: "remove",
      changes: { number: { old: "06610" }, name: { old: "Zurich" } },
      execution: expect.any(Number) as unknown,
    });
  });

  it("warns of a model the project does not have, naming the closest", async () => {
    const run = await fixture.run("audit list", { model: "staton" });
    expect(run.messages).toContainEqual(
      expect.objectContaining({
        type: "warning",
        text: expect.stringContaining("no model 'staton'; did you mean 'station'") as unknown,
      }),
    );
    expect(run.messages.at(-1)).toMatchObject({ status: "success", result: [] });
  });

  it("refuses a since it cannot read, naming the parameter", async () => {
    for (const since of ["yesterday", "5", "1x", "2026-13-01"]) {
      const run = await fixture.run("audit list", { since });
      expect(run.messages.at(-1), since).toMatchObject({
        status: "failed",
        error: {
          code: "CAIRN_PARAMETER_INVALID",
          message: expect.stringContaining("'since'") as unknown,
        },
      });
    }
  });
});
