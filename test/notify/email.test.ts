import { describe, expect, it } from "vitest";
import { PUBLIC_URL, useNotifyRuntime } from "./support/use-notify-runtime.js";

describe("notifications by email", () => {
  const fixture = useNotifyRuntime();

  it("emails the active members of a subscribed group and the groups below it", async () => {
    await fixture
      .store()
      .save("notification", { key: "weather fetch" }, { on: "failure", groups: ["ops"] });
    const { id, status } = await fixture.run("weather fetch", {
      station: "03005",
      lines: 25,
      api_token: "s3cr3t-value",
      fail: true,
    });
    expect(status).toBe("failed");
    const send = await fixture.sent(id);
    expect(send).toMatchObject({
      status: "success",
      attempt: 1,
      origin: "command",
      parent: Number(id),
    });
    expect(await fixture.execution(id)).toMatchObject({ status: "failed" });
    const [mail, ...more] = fixture.smtp().received;
    expect(more).toEqual([]);
    expect(mail?.to).toEqual(["alice@example.com", "bob@example.com"]);
    expect(mail?.from).toBe("cairn@example.com");
    expect(mail?.subject).toBe(`[notifytest] failed: weather fetch (#${id})`);
    expect(mail?.headers["x-cairn-execution"]).toBe(id);
    const text = mail?.text ?? "";
    expect(text).toContain("weather fetch failed.");
    expect(text).toContain("error      CAIRN_HANDLER_FAILED: station 03005 is unreachable");
    expect(text).toContain("notified   ops");
    expect(text).toContain("  station: 03005");
    expect(text).toContain("  lines: 25");
    expect(text).toContain("  api_token: ***");
    expect(text).not.toContain("s3cr3t-value");
    // 25 lines, a warning, the error and the status: the last 20 of 28.
    expect(text).toContain("The last 20 of 28 messages:");
    expect(text).not.toContain("line 8 of 03005");
    expect(text).toMatch(/line 9 of 03005\n/);
    expect(text).toContain("warning  the station does not answer");
    expect(text).toContain("status   failed: station 03005 is unreachable");
    expect(text).toContain(`cairn execution_message list execution=${id} --limit 1000`);
    expect(text).toContain(`${PUBLIC_URL}/command/executions/${id}/stream`);
    const sendLog = (await fixture.messages(String(send.id))).map((m) => m.type);
    expect(sendLog).toEqual(["info", "data", "success", "status"]);
  });

  it("tells of the ends the subscription asks for, and of no abort", async () => {
    const cases: { on: string; fail: boolean; told: boolean }[] = [
      { on: "failure", fail: false, told: false },
      { on: "success", fail: false, told: true },
      { on: "success", fail: true, told: false },
      { on: "both", fail: false, told: true },
      { on: "both", fail: true, told: true },
    ];
    for (const { on, fail, told } of cases) {
      await fixture
        .store()
        .save("notification", { key: "weather fetch" }, { on, groups: ["sales"] });
      const { id, status } = await fixture.run("weather fetch", { station: "x", fail });
      expect(status).toBe(fail ? "failed" : "success");
      if (told) expect(await fixture.sent(id)).toMatchObject({ status: "success" });
      else expect(await fixture.sends(id)).toEqual([]);
      expect((await fixture.execution(id)).notified !== null, `${on} ${String(fail)}`).toBe(told);
    }
    const subjects = fixture.smtp().received.map((mail) => mail.subject.replace(/ \(#\d+\)$/, ""));
    expect(subjects).toEqual([
      "[notifytest] success: weather fetch",
      "[notifytest] success: weather fetch",
      "[notifytest] failed: weather fetch",
    ]);
    expect(fixture.smtp().received.every((mail) => mail.to.join() === "erin@example.com")).toBe(
      true,
    );
    const running = await fixture.runtime().start({
      command: "weather wait",
      parameters: {},
      origin: "api",
    });
    await fixture.store().save("notification", { key: "weather wait" }, { groups: ["ops"] });
    const iterator = running.messages[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toMatchObject({ type: "info", text: "waiting" });
    await fixture.runtime().abort(running.id);
    expect(await running.finished).toBe("aborted");
    await iterator.return?.();
    expect(await fixture.sends(running.id)).toEqual([]);
  });

  it("queues nothing for a command nobody subscribes to, and never for another's runs", async () => {
    await fixture
      .store()
      .save("notification", { key: "weather report" }, { on: "both", groups: ["ops"] });
    const { id } = await fixture.run("weather fetch", { station: "x", fail: true });
    expect(await fixture.sends(id)).toEqual([]);
    const report = await fixture.run("weather report", {});
    const send = await fixture.sent(report.id);
    // The send's own end is told to nobody, though `both` would tell of it.
    await fixture.store().save("notification", { key: "weather report" }, { on: "both" });
    expect(await fixture.sends(String(send.id))).toEqual([]);
    expect(fixture.smtp().received).toHaveLength(1);
  });

  it("tells of a lost run as of a failure, once", async () => {
    await fixture.store().save("notification", { key: "weather fetch" }, { groups: ["sales"] });
    const old = new Date(Date.now() - 3_600_000).toISOString();
    const { row } = await fixture.store().save(
      "execution",
      { key: "" },
      {
        command: "weather fetch",
        parameters: { station: "ghost" },
        user: "admin",
        origin: "api",
        status: "running",
        worker: "ghost:1",
        queue: "default",
        started: old,
        heartbeat: old,
      },
    );
    const id = String(row.id);
    const reaper = fixture.runtime().startReaper();
    try {
      await reaper.sweep();
      await reaper.sweep();
    } finally {
      reaper.close();
    }
    expect(await fixture.execution(id)).toMatchObject({ status: "lost" });
    expect(await fixture.sent(id)).toMatchObject({ status: "success" });
    expect(await fixture.sends(id)).toHaveLength(1);
    const [mail] = fixture.smtp().received;
    expect(mail?.subject).toBe(`[notifytest] lost: weather fetch (#${id})`);
    expect(mail?.text).toContain("weather fetch was lost (its worker stopped).");
    expect(mail?.text).toContain("  station: ghost");
  });
});
