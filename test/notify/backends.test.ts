import { expect, it } from "vitest";
import { describeEachBackend } from "../support/describe-each-backend.js";
import { useNotifyRuntime } from "./support/use-notify-runtime.js";

// The whole path on each backend: a subscription, a failing run, a queued send that the
// SMTP server (which asks for a login) refuses once, then takes.
describeEachBackend("notifications", (backend) => {
  const fixture = useNotifyRuntime({
    databaseUrl: () => backend.url(),
    smtp: { login: { user: "mailer", password: "p4ss" } },
    env: { CAIRN_SMTP_USER: "mailer", CAIRN_SMTP_PASSWORD: "p4ss" },
  });

  // The other files run on SQLite.
  it.skipIf(backend.backend.name === "sqlite")(
    "emails the subscribed groups once the SMTP server takes it",
    async () => {
      await fixture
        .store()
        .save("notification", { key: "weather fetch" }, { on: "failure", groups: ["ops"] });
      await fixture
        .store()
        .save("webhook", { key: "chat" }, { url: fixture.hooks().url("/chat"), groups: ["ops"] });
      fixture.smtp().refuse(1);
      const { id, status } = await fixture.run("weather fetch", { station: "x", fail: true });
      expect(status).toBe("failed");
      expect(await fixture.sent(id)).toMatchObject({ status: "success", attempt: 2 });
      expect(await fixture.execution(id)).toMatchObject({ status: "failed" });
      const [mail, ...more] = fixture.smtp().received;
      expect(more).toEqual([]);
      expect(mail).toMatchObject({
        user: "mailer",
        to: ["alice@example.com", "bob@example.com"],
        subject: `[notifytest] failed: weather fetch (#${id})`,
      });
      expect(fixture.hooks().received).toHaveLength(1);
      const ok = await fixture.run("weather fetch", { station: "x" });
      expect(ok.status).toBe("success");
      expect(await fixture.sends(ok.id)).toEqual([]);
    },
  );
});
