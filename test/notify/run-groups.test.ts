import { describe, expect, it } from "vitest";
import type { CairnError } from "../../src/foundations/cairn-error.js";
import { cairn } from "./support/run-cli.js";
import { useNotifyRuntime } from "./support/use-notify-runtime.js";

describe("groups told of one run (--notify, --notify-fail)", () => {
  const fixture = useNotifyRuntime();

  it("tells --notify groups of any end, --notify-fail groups of failures only", async () => {
    const cases = [
      { notify: ["sales"], fail: false, to: ["erin@example.com"] },
      { notify: ["sales"], fail: true, to: ["erin@example.com"] },
      { notifyFail: ["sales"], fail: false, to: undefined },
      { notifyFail: ["ops-db"], fail: true, to: ["bob@example.com"] },
      { notify: ["sales"], notifyFail: ["ops"], fail: false, to: ["erin@example.com"] },
      {
        notify: ["sales"],
        notifyFail: ["ops"],
        fail: true,
        to: ["alice@example.com", "bob@example.com", "erin@example.com"],
      },
    ];
    for (const { fail, to, ...groups } of cases) {
      fixture.smtp().reset();
      const { id } = await fixture.run("weather fetch", { station: "x", fail }, groups);
      const row = await fixture.execution(id);
      expect(row.notify).toEqual({ both: groups.notify ?? [], failure: groups.notifyFail ?? [] });
      if (to === undefined) {
        expect(await fixture.sends(id)).toEqual([]);
        continue;
      }
      expect(await fixture.sent(id)).toMatchObject({ status: "success" });
      expect(fixture.smtp().received.map((mail) => mail.to)).toEqual([to]);
    }
  });

  it("adds the run's groups to the subscribed ones, each told once", async () => {
    await fixture
      .store()
      .save("notification", { key: "weather fetch" }, { on: "failure", groups: ["ops"] });
    const { id } = await fixture.run(
      "weather fetch",
      { station: "x", fail: true },
      { notify: ["sales", "ops"] },
    );
    await fixture.sent(id);
    const [mail] = fixture.smtp().received;
    expect(mail?.to).toEqual(["alice@example.com", "bob@example.com", "erin@example.com"]);
    expect(mail?.text).toContain("notified   ops, sales");
  });

  it("keeps the groups of a queued run for the worker that runs it", async () => {
    const running = await fixture.runtime().start({
      command: "weather fetch",
      parameters: { station: "q", fail: true },
      origin: "api",
      queue: true,
      notifyFail: ["sales"],
    });
    expect(await running.finished).toBe("failed");
    expect(await fixture.sent(running.id)).toMatchObject({ status: "success" });
    expect(fixture.smtp().received.map((mail) => mail.to)).toEqual([["erin@example.com"]]);
  });

  it("refuses a group that does not exist before anything runs", async () => {
    const before = await fixture.store().count("execution");
    const error = await fixture
      .runtime()
      .start({
        command: "weather fetch",
        parameters: { station: "x" },
        origin: "api",
        notify: ["ops"],
        notifyFail: ["sale"],
      })
      .then(
        () => undefined,
        (reason: unknown) => reason as CairnError,
      );
    expect(error?.code).toBe("CAIRN_PARAMETER_INVALID");
    expect(error?.message).toBe(
      "weather fetch: _notify_fail: no group 'sale'; did you mean 'sales'?",
    );
    expect(await fixture.store().count("execution")).toBe(before);
  });

  it("takes --notify and --notify-fail on the command line", async () => {
    const run = await cairn(
      ["weather", "fetch", "station=cli", "--fail", "--notify", "sales", "--notify-fail=ops-db"],
      fixture.dir(),
      fixture.env(),
    );
    expect(run.code).toBe(1);
    const [last] = await fixture.store().list("execution", {
      filters: [{ path: "command", value: "weather fetch" }],
      order: ["-id"],
      limit: 1,
    });
    const id = String(last?.id);
    expect(last).toMatchObject({ origin: "cli", notify: { both: ["sales"], failure: ["ops-db"] } });
    // The CLI ends at once; the worker delivers what it queued.
    expect(await fixture.sent(id)).toMatchObject({ status: "success" });
    expect(fixture.smtp().received[0]?.to).toEqual(["bob@example.com", "erin@example.com"]);

    const log = await cairn(
      ["execution_message", "list", `execution=${id}`, "--limit", "1000", "--format", "json"],
      fixture.dir(),
      fixture.env(),
    );
    expect(log.code).toBe(0);
    expect((JSON.parse(log.stdout) as unknown[]).length).toBe(5);

    const unknown = await cairn(
      ["weather", "fetch", "station=cli", "--notify", "nobody"],
      fixture.dir(),
      fixture.env(),
    );
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("no group 'nobody'");
    const empty = await cairn(
      ["weather", "fetch", "station=cli", "--notify"],
      fixture.dir(),
      fixture.env(),
    );
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("option '--notify' needs group names");
    const scheduled = await cairn(
      ["weather", "fetch", "station=cli", "--notify", "ops", "--schedule", "every 1h"],
      fixture.dir(),
      fixture.env(),
    );
    expect(scheduled.code).toBe(2);
    expect(scheduled.stderr).toContain("--notify");
  });
});
