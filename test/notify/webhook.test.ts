import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signWebhook, verifyWebhook } from "../../src/engines/delivery/index.js";
import { PUBLIC_URL, useNotifyRuntime } from "./support/use-notify-runtime.js";

describe("notifications by webhook", () => {
  const fixture = useNotifyRuntime();

  it("POSTs a signed JSON document to the active webhooks of the groups told and below", async () => {
    const store = fixture.store();
    const hooks = fixture.hooks();
    await store.save("notification", { key: "weather fetch" }, { on: "failure", groups: ["ops"] });
    await store.save(
      "webhook",
      { key: "db-chat" },
      { url: hooks.url("/db"), secret: "db-key", groups: ["ops-db"] },
    );
    await store.save("webhook", { key: "open" }, { url: hooks.url("/open"), groups: ["ops"] });
    await store.save(
      "webhook",
      { key: "off" },
      { url: hooks.url("/off"), groups: ["ops"], active: false },
    );
    await store.save("webhook", { key: "sales" }, { url: hooks.url("/sales"), groups: ["sales"] });
    const before = Math.floor(Date.now() / 1000);
    const { id } = await fixture.run("weather fetch", { station: "03005", fail: true });
    const send = await fixture.sent(id);
    expect(send).toMatchObject({ status: "success" });
    expect(hooks.received.map((hook) => hook.path).sort()).toEqual(["/db", "/open"]);

    const signed = hooks.received.find((hook) => hook.path === "/db");
    const timestamp = Number(signed?.headers["x-cairn-timestamp"]);
    expect(timestamp).toBeGreaterThanOrEqual(before);
    expect(timestamp).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    const body = signed?.body ?? "";
    const expected = createHmac("sha256", "db-key")
      .update(`${String(timestamp)}.${body}`)
      .digest("hex");
    expect(signed?.headers["x-cairn-signature"]).toBe(`sha256=${expected}`);
    expect(verifyWebhook("db-key", timestamp, body, `sha256=${expected}`)).toBe(true);
    expect(verifyWebhook("other-key", timestamp, body, `sha256=${expected}`)).toBe(false);
    expect(verifyWebhook("db-key", timestamp + 1, body, `sha256=${expected}`)).toBe(false);
    expect(signed?.headers["x-cairn-delivery"]).toBe(`${String(send.id)}:db-chat`);
    expect(signed?.headers["content-type"]).toBe("application/json");

    const unsigned = hooks.received.find((hook) => hook.path === "/open");
    expect(unsigned?.headers["x-cairn-signature"]).toBeUndefined();
    expect(unsigned?.body).toBe(body);

    const payload = JSON.parse(body) as Record<string, unknown>;
    expect(payload).toMatchObject({
      event: "execution.ended",
      text: `[notifytest] failed: weather fetch (#${id})`,
      project: "notifytest",
      execution: {
        id,
        command: "weather fetch",
        status: "failed",
        user: "admin",
        origin: "api",
        attempt: 1,
        attempts: 1,
        parameters: { station: "03005", lines: 2, fail: true },
        error: { code: "CAIRN_HANDLER_FAILED", message: "station 03005 is unreachable" },
        url: `${PUBLIC_URL}/command/executions/${id}/stream`,
      },
      groups: ["ops"],
      message_count: 5,
    });
    const messages = payload.messages as Record<string, unknown>[];
    expect(messages.map((m) => m.type)).toEqual(["info", "info", "warning", "error", "status"]);
    expect(messages[0]).toMatchObject({ seq: 1, type: "info", text: "line 1 of 03005" });
    // No email recipient beyond what the groups hold: alice and bob.
    expect(fixture.smtp().received[0]?.to).toEqual(["alice@example.com", "bob@example.com"]);
  });

  it("without CAIRN_SMTP_HOST says no email went out, and still calls the webhooks", async () => {
    await fixture.store().save("notification", { key: "weather fetch" }, { groups: ["ops"] });
    await fixture
      .store()
      .save("webhook", { key: "chat" }, { url: fixture.hooks().url("/chat"), groups: ["ops"] });
    const { id } = await fixture.run("weather fetch", { station: "x", fail: true });
    await fixture.sent(id);
    fixture.smtp().reset();
    fixture.hooks().reset();
    const { CAIRN_DATABASE_URL = "", CAIRN_PUBLIC_URL = "" } = fixture.env();
    const bare = await fixture.another({ CAIRN_DATABASE_URL, CAIRN_PUBLIC_URL });
    expect(bare.settings.smtp).toBeUndefined();
    const again = await bare.start({
      command: "notification send",
      parameters: { execution: id },
      origin: "api",
      local: true,
    });
    expect(await again.finished).toBe("success");
    const texts = (await fixture.messages(again.id)).map(
      (m) => `${String(m.type)} ${(m.body as { text?: string }).text ?? ""}`,
    );
    expect(texts).toContain("warning no email sent to 2 recipient(s): CAIRN_SMTP_HOST is not set");
    expect(texts).toContain("success webhook chat answered 204");
    expect(fixture.smtp().received).toEqual([]);
    expect(fixture.hooks().received).toHaveLength(1);
    // A send run by hand is never notified about either.
    expect(await fixture.sends(again.id)).toEqual([]);
  });

  it("signs the timestamp with the body", () => {
    const signature = signWebhook("k", 1_700_000_000, '{"a":1}');
    expect(signature).toBe(
      `sha256=${createHmac("sha256", "k").update('1700000000.{"a":1}').digest("hex")}`,
    );
    expect(verifyWebhook("k", 1_700_000_000, '{"a":1}', signature)).toBe(true);
    expect(verifyWebhook("k", 1_700_000_000, '{"a":2}', signature)).toBe(false);
    expect(verifyWebhook("k", 1_700_000_000, '{"a":1}', "sha256=00")).toBe(false);
  });
});
