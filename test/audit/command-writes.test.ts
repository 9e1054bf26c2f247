import { expect, it } from "vitest";
import { describeEachBackend } from "../support/describe-each-backend.js";
import { entriesAfter, useAuditProject } from "./support/use-audit-project.js";

describeEachBackend("audit: resource commands", (backend) => {
  const fixture = useAuditProject(backend);

  it("records a create with every stored field, as the run's user, origin and execution", async () => {
    const before = (await fixture.entries()).length;
    const run = await fixture.run(
      "station save",
      { key: "03005", name: "Bern", elevation: "540", region: "North", tags: "rain,sun" },
      { user: "alice" },
    );
    expect(run.status).toBe("success");
    const [entry, ...more] = await entriesAfter(fixture, before);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      user: "alice",
      origin: "cli",
      action: "create",
      model: "station",
      row_key: "03005",
      execution: Number(run.id),
      changes: {
        number: { new: "03005" },
        name: { new: "Bern" },
        elevation: { new: 540 },
        region: { new: "North" },
        tags: { new: ["rain", "sun"] },
      },
    });
    const station = await fixture.store().get("station", { key: "03005" });
    expect(entry?.row_id).toBe(station.id);
    expect(Object.keys(entry?.changes as object).sort()).toEqual(
      ["elevation", "name", "number", "region", "tags"].sort(),
    );
  });

  it("records only the changed fields of an update, old and new", async () => {
    const before = (await fixture.entries()).length;
    await fixture.run("station save", { key: "03005", elevation: "542", name: "Bern" });
    await fixture.run("station save", { key: "03005", tags: "sun", region: "South" });
    const entries = await entriesAfter(fixture, before);
    expect(entries.map((entry) => [entry.action, entry.changes])).toEqual([
      ["update", { elevation: { old: 540, new: 542 } }],
      [
        "update",
        { region: { old: "North", new: "South" }, tags: { old: ["rain", "sun"], new: ["sun"] } },
      ],
    ]);
    expect(entries[0]).toMatchObject({ user: "admin", origin: "cli" });
  });

  it("redacts hidden fields: given, they read [redacted] and their value is nowhere", async () => {
    const before = (await fixture.entries()).length;
    await fixture.run("station save", { key: "06610", name: "Zurich", api_secret: "hunter2" });
    await fixture.run("station save", { key: "06610", api_secret: "hunter3" });
    await fixture.run("station remove", { key: "06610" });
    const entries = await entriesAfter(fixture, before);
    expect(entries.map((entry) => [entry.action, entry.changes])).toEqual([
      [
        "create",
        { number: { new: "06610" }, name: { new: "Zurich" }, api_secret: { new: "[redacted]" } },
      ],
      ["update", { api_secret: { old: "[redacted]", new: "[redacted]" } }],
      [
        "remove",
        { number: { old: "06610" }, name: { old: "Zurich" }, api_secret: { old: "[redacted]" } },
      ],
    ]);
    expect(JSON.stringify(entries)).not.toMatch(/hunter/);
  });

  it("records a remove with the old values and a scoped row's key", async () => {
    await fixture.run("reading save", { key: "2026-01-01", station: "03005", temp: "-1.5" });
    const before = (await fixture.entries()).length;
    const run = await fixture.run("reading remove", { key: "2026-01-01", station: "03005" });
    expect(run.status).toBe("success");
    const [entry] = await entriesAfter(fixture, before);
    expect(entry).toMatchObject({
      action: "remove",
      model: "reading",
      row_key: "2026-01-01 (station 03005)",
      changes: { day: { old: "2026-01-01" }, temp: { old: -1.5 }, station: { old: "03005" } },
    });
  });

  it("records one entry per row a clear removes, in batches past 500 rows", async () => {
    await fixture.store().saveMany(
      "reading",
      Array.from({ length: 515 }, (_, i) => ({
        key: {
          key: new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10),
          scope: { station: "03005" },
        },
        values: { temp: i },
      })),
    );
    const before = (await fixture.entries()).length;
    const run = await fixture.run(
      "reading clear",
      { temp__gte: "10", force: "true" },
      { user: "bob" },
    );
    expect(run.status).toBe("success");
    expect(run.messages.at(-1)).toMatchObject({ result: { removed: 505 } });
    const entries = await entriesAfter(fixture, before);
    expect(entries).toHaveLength(505);
    expect(new Set(entries.map((entry) => entry.action))).toEqual(new Set(["remove"]));
    expect(new Set(entries.map((entry) => entry.user))).toEqual(new Set(["bob"]));
    expect(entries[0]).toMatchObject({
      row_key: "2020-01-11 (station 03005)",
      changes: { temp: { old: 10 } },
    });
    expect(await fixture.store().count("reading")).toBe(10);
  });

  it("clears entries of the audit trail, recording their removal once", async () => {
    await fixture.run("region save", { key: "East" });
    const [created] = (await fixture.entries()).slice(-1);
    expect(created).toMatchObject({ model: "region", action: "create", row_key: "East" });
    const cleared = await fixture.run("audit_entry clear", { model: "region", force: "true" });
    expect(cleared.messages.at(-1)).toMatchObject({ result: { removed: 1 } });
    const [removal] = (await fixture.entries()).slice(-1);
    expect(removal).toMatchObject({
      model: "audit_entry",
      action: "remove",
      row_id: created?.id,
      changes: { model: { old: "region" }, action: { old: "create" }, row_key: { old: "East" } },
    });
  });

  it("records nothing for a refused or failed write", async () => {
    await fixture.run("region save", { key: "West" });
    const before = await fixture.entries();
    const runs = [
      // Refused before anything runs: a bad value, a related key that does not exist.
      await fixture.run("station save", { key: "03005", elevation: "high" }),
      await fixture.run("station save", { key: "07000", region: "Atlantis" }),
      // Failed while running: no such row, a row still in use, a clear without --force,
      // a clear of a free row and one still in use.
      await fixture.run("station remove", { key: "99999" }),
      await fixture.run("region remove", { key: "South" }),
      await fixture.run("reading clear", { temp__gte: "0" }),
      await fixture.run("region clear", { name__in: "West,South", force: "true" }),
    ];
    expect(runs.map((run) => run.status)).toEqual([
      "refused",
      "refused",
      "failed",
      "failed",
      "failed",
      "failed",
    ]);
    expect(await fixture.entries()).toEqual(before);
  });
});
