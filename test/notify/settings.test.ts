import { hostname } from "node:os";
import { describe, expect, it } from "vitest";
import { notificationSettings } from "../../src/foundations/notification-settings.js";

const read = (env: Record<string, string>) => notificationSettings(env, "127.0.0.1", 8000);

describe("notification settings", () => {
  it("sends no email without CAIRN_SMTP_HOST and links to the served address", () => {
    expect(read({})).toEqual({ publicUrl: "http://127.0.0.1:8000" });
    expect(notificationSettings({}, "0.0.0.0", 9000).publicUrl).toBe(`http://${hostname()}:9000`);
    expect(read({ CAIRN_PUBLIC_URL: "https://cairn.example.com/" }).publicUrl).toBe(
      "https://cairn.example.com",
    );
  });

  it("reads the SMTP server, with ports that follow the TLS mode", () => {
    expect(read({ CAIRN_SMTP_HOST: "smtp.example.com" }).smtp).toEqual({
      host: "smtp.example.com",
      port: 587,
      tls: "starttls",
      from: `cairn@${hostname()}`,
    });
    expect(read({ CAIRN_SMTP_HOST: "h", CAIRN_SMTP_TLS: "tls" }).smtp?.port).toBe(465);
    expect(read({ CAIRN_SMTP_HOST: "h", CAIRN_SMTP_TLS: "none" }).smtp?.port).toBe(25);
    expect(
      read({
        CAIRN_SMTP_HOST: "h",
        CAIRN_SMTP_PORT: "2525",
        CAIRN_SMTP_USER: "u",
        CAIRN_SMTP_PASSWORD: "p",
        CAIRN_SMTP_FROM: "Cairn <cairn@example.com>",
      }).smtp,
    ).toEqual({
      host: "h",
      port: 2525,
      tls: "starttls",
      user: "u",
      password: "p",
      from: "Cairn <cairn@example.com>",
    });
  });

  it("refuses bad values with CAIRN_SETTINGS_INVALID", () => {
    const bad: Record<string, string>[] = [
      { CAIRN_SMTP_HOST: "h", CAIRN_SMTP_TLS: "ssl" },
      { CAIRN_SMTP_HOST: "h", CAIRN_SMTP_PORT: "70000" },
      { CAIRN_SMTP_HOST: "h", CAIRN_SMTP_FROM: "cairn" },
      { CAIRN_SMTP_HOST: "h", CAIRN_SMTP_PASSWORD: "p" },
      { CAIRN_PUBLIC_URL: "cairn.example.com" },
    ];
    for (const env of bad) {
      expect(() => read(env), JSON.stringify(env)).toThrow(
        expect.objectContaining({ code: "CAIRN_SETTINGS_INVALID" }) as Error,
      );
    }
  });
});
