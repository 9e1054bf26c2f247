import { describe, expect, it } from "vitest";
import { useNotifyRuntime } from "./support/use-notify-runtime.js";

describe("notifications that fail to deliver", () => {
  const fixture = useNotifyRuntime();

  it("retries through the queue until the SMTP server takes it; the command's status stays", async () => {
    await fixture
      .store()
      .save("notification", { key: "weather fetch" }, { on: "both", groups: ["sales"] });
    fixture.smtp().refuse(2);
    for (const fail of [true, false]) {
      const { id, status } = await fixture.run("weather fetch", { station: "x", fail });
      expect(status).toBe(fail ? "failed" : "success");
      const send = await fixture.sent(id);
      expect(send).toMatchObject({ status: "success", attempt: fail ? 3 : 1 });
      expect(await fixture.execution(id)).toMatchObject({ status: fail ? "failed" : "success" });
      if (fail) {
        const log = await fixture.messages(String(send.id));
        const errors = log
          .filter((m) => m.type === "error")
          .map((m) => String(m.body && (m.body as { text: string }).text));
        expect(errors).toHaveLength(4);
        expect(errors[0]).toMatch(/^email to erin@example.com failed: .*451 mailbox busy/);
        expect(
          log.filter((m) => m.type === "warning").map((m) => (m.body as { text: string }).text),
        ).toEqual([
          expect.stringMatching(/^attempt 1 of 7 failed; requeued/) as unknown,
          expect.stringMatching(/^attempt 2 of 7 failed; requeued/) as unknown,
        ]);
      }
    }
    expect(fixture.smtp().refused).toBe(2);
    expect(fixture.smtp().received.map((mail) => mail.subject.slice(0, 30))).toEqual([
      "[notifytest] failed: weather f",
      "[notifytest] success: weather ",
    ]);
  });

  it("makes again only the deliveries that failed", async () => {
    await fixture.store().save("notification", { key: "weather fetch" }, { groups: ["ops"] });
    await fixture
      .store()
      .save(
        "webhook",
        { key: "chat" },
        { url: fixture.hooks().url("/chat"), secret: "k", groups: ["ops"] },
      );
    fixture.hooks().answer(503, 500);
    const { id } = await fixture.run("weather fetch", { station: "x", fail: true });
    const send = await fixture.sent(id);
    expect(send).toMatchObject({ status: "success", attempt: 3 });
    expect(fixture.smtp().received).toHaveLength(1);
    expect(fixture.hooks().received).toHaveLength(1);
    const texts = (await fixture.messages(String(send.id))).map(
      (m) => `${String(m.type)} ${(m.body as { text?: string }).text ?? ""}`,
    );
    expect(texts).toContain("info the email went out in an earlier attempt");
    expect(texts.filter((t) => t.startsWith("error webhook chat"))[0]).toContain(
      "answered 503: receiver down for maintenance",
    );
  });

  it("fails for good after its last retry, and the notified run is left as it ended", async () => {
    await fixture.store().save("notification", { key: "weather fetch" }, { groups: ["sales"] });
    fixture.smtp().refuse(100);
    const { id, status } = await fixture.run("weather fetch", { station: "x", fail: true });
    expect(status).toBe("failed");
    const send = await fixture.sent(id);
    expect(send).toMatchObject({
      status: "failed",
      attempt: 7,
      error: { code: "CAIRN_NOTIFICATION_FAILED" },
    });
    expect(await fixture.execution(id)).toMatchObject({ status: "failed" });
    expect(fixture.smtp().received).toEqual([]);
  });
});
