import { expect, it } from "vitest";
import { describeEachBackend } from "../support/describe-each-backend.js";
import { runCommand } from "./support/run-command.js";
import { useRuntime } from "./support/use-runtime.js";

describeEachBackend("runtime: resource commands", (backend) => {
  const fixture = useRuntime(backend);
  const run = (command: string, parameters: Record<string, unknown> = {}) =>
    runCommand(fixture.runtime(), command, parameters);

  it("saves, gets, lists, removes and clears records", async () => {
    const created = await run("station save", { key: "03005", name: "Bern", elevation: "540" });
    expect(created.messages[0]).toMatchObject({ type: "success", text: "created station 03005" });
    expect(created.last).toMatchObject({
      status: "success",
      result: { number: "03005", name: "Bern" },
    });
    const updated = await run("station save", { key: "03005", elevation: "542" });
    expect(updated.messages[0]).toMatchObject({ text: "updated station 03005" });
    await run("station save", { key: "06610", name: "Zurich", elevation: "556" });
    await run("station save", { key: "01001", name: "Basel", elevation: "316" });

    const got = await run("station get", { key: "03005" });
    expect(got.messages[0]).toMatchObject({
      type: "data",
      value: { name: "Bern", elevation: 542 },
    });

    const listed = await run("station list", { elevation__gt: "500", order: "-number" });
    expect(listed.messages[0]?.type).toBe("table");
    expect(listed.last).toMatchObject({
      status: "success",
      result: [{ number: "06610" }, { number: "03005" }],
    });
    const fields = await run("station list", { fields: "number,name", limit: "1" });
    expect(fields.messages[0]).toMatchObject({
      columns: ["number", "name"],
      rows: [{ number: "01001" }],
    });

    const refused = await run("station clear", { elevation__lt: "400" });
    expect(refused.last).toMatchObject({
      status: "failed",
      error: {
        code: "CAIRN_CONFIRMATION_REQUIRED",
        hint: expect.stringContaining("--force") as unknown,
      },
    });
    const cleared = await run("station clear", { elevation__lt: "400", force: "true" });
    expect(cleared.last).toMatchObject({ status: "success", result: { removed: 1 } });

    const removed = await run("station remove", { key: "06610" });
    expect(removed.messages[0]).toMatchObject({ type: "success" });
    const missing = await run("station get", { key: "06610" });
    expect(missing.last).toMatchObject({
      status: "failed",
      error: { code: "CAIRN_RECORD_NOT_FOUND" },
    });
  });

  it("handles scoped keys", async () => {
    await run("station save", { key: "S9" });
    const saved = await run("reading save", { key: "2026-01-01", station: "S9", temp: "3.5" });
    expect(saved.messages[0]).toMatchObject({ text: "created reading 2026-01-01 (station S9)" });
    const got = await run("reading get", { key: "2026-01-01", station: "S9" });
    expect(got.last).toMatchObject({ result: { day: "2026-01-01", temp: 3.5, station: "S9" } });
  });

  it("rejects filters on commands that take none", async () => {
    await expect(
      fixture
        .runtime()
        .start({ command: "station get", parameters: { key: "x", name__eq: "y" }, origin: "cli" }),
    ).rejects.toMatchObject({ code: "CAIRN_PARAMETER_INVALID" });
  });
});
