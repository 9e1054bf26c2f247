import { describe, expect, it } from "vitest";
import { readCommandBody } from "../../src/faces/http/command-api/command-body.js";
import { cairn } from "./support/run-cli.js";
import { useNotifyRuntime } from "./support/use-notify-runtime.js";

describe("subscribing: notification and webhook saves", () => {
  const fixture = useNotifyRuntime();
  const run = (...argv: string[]) => cairn(argv, fixture.dir(), fixture.env());

  it("subscribes groups by name from the command line", async () => {
    const saved = await run("notification", "save", "weather fetch", "groups=ops,sales", "on=both");
    expect(saved.code, saved.stderr).toBe(0);
    expect(saved.stdout).toContain("created notification weather fetch");
    expect(await fixture.store().get("notification", { key: "weather fetch" })).toMatchObject({
      command: "weather fetch",
      on: "both",
      groups: ["ops", "sales"],
    });
    const defaulted = await run("notification", "save", "weather report", "groups=ops");
    expect(defaulted.code, defaulted.stderr).toBe(0);
    expect(await fixture.store().get("notification", { key: "weather report" })).toMatchObject({
      on: "failure",
    });
    const listed = await run("notification", "list", "groups__name=sales", "--format", "json");
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({ command: "weather fetch" }),
    ]);
  });

  it("refuses a command that does not exist, naming the closest", async () => {
    const saved = await run("notification", "save", "weather fetsh", "groups=ops");
    expect(saved.code).toBe(2);
    expect(saved.stderr).toContain("CAIRN_RECORD_INVALID");
    expect(saved.stderr).toContain("no command 'weather fetsh'; did you mean 'weather fetch'?");
    const send = await run("notification", "save", "notification send", "groups=ops");
    expect(send.code).toBe(2);
    expect(send.stderr).toContain("the runs of 'notification send' cannot be notified about");
    const unrecorded = await run("notification", "save", "db migrate", "groups=ops");
    expect(unrecorded.code).toBe(2);
    const badOn = await run("notification", "save", "weather fetch", "on=sometimes");
    expect(badOn.code).toBe(2);
    const badGroup = await run("notification", "save", "weather fetch", "groups=nobody");
    expect(badGroup.code).toBe(2);
    expect(await fixture.store().count("notification")).toBe(0);
  });

  it("keeps a webhook's secret out of sight and checks its URL", async () => {
    const saved = await run(
      "webhook",
      "save",
      "chat",
      "url=https://hooks.example.com/cairn",
      "secret=very-secret",
      "groups=ops",
    );
    expect(saved.code, saved.stderr).toBe(0);
    expect(saved.stdout).not.toContain("very-secret");
    const shown = await run("webhook", "get", "chat", "--format", "json");
    expect(shown.stdout).not.toContain("very-secret");
    expect(JSON.parse(shown.stdout)).toMatchObject({ name: "chat", active: true, groups: ["ops"] });
    const bad = await run("webhook", "save", "mail", "url=mailto:ops@example.com");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("'mailto:ops@example.com' is not an http or https URL");
  });

  it("reads _notify and _notify_fail from a command API body", () => {
    expect(
      readCommandBody({ station: "x", _notify: ["ops"], _notify_fail: "a, b" }, "application/json"),
    ).toMatchObject({
      parameters: { station: "x" },
      notify: { notify: ["ops"], notifyFail: ["a", "b"] },
    });
    expect(readCommandBody({ _notify: "ops" }, "application/x-www-form-urlencoded").notify).toEqual(
      {
        notify: ["ops"],
      },
    );
    expect(() => readCommandBody({ _notify: [1] }, "application/json")).toThrow(/_notify/);
    expect(() =>
      readCommandBody({ _notify: "ops", _schedule: "every 1h" }, "application/json"),
    ).toThrow(/goes not with _schedule/);
  });
});
