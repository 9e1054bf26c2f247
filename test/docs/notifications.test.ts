import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { signWebhook } from "../../src/engines/delivery/index.js";
import { writeTempTree } from "../support/temp-tree.js";
import { describeDoc, prepareWeather } from "./support/describe-doc.js";
import { readDoc } from "./support/doc-commands.js";
import { DocSession } from "./support/doc-session.js";

// Every sh line of docs/notifications.md, in order: no worker runs, so the sends it
// queues wait in the database, as the document says.
describeDoc("docs/notifications.md", {
  session: () => DocSession.withWeatherExample(),
  setup: (session) => prepareWeather(session, join(session.root, "examples", "weather")),
});

type Check = (
  secret: string,
  headers: Record<string, string>,
  rawBody: string,
  maxAgeSeconds?: number,
) => boolean;

describe("docs/notifications.md: the signature check", () => {
  it("accepts what Cairn signs, and refuses a changed body, another key or an old time", async () => {
    const block = /^```js\n([\s\S]*?)^```$/m.exec(readDoc("docs/notifications.md"))?.[1];
    expect(block).toContain("export function isFromCairn");
    const tree = writeTempTree("doc-verify", {});
    try {
      const file = join(tree.dir, "verify.mjs");
      writeFileSync(file, block ?? "");
      const { isFromCairn } = (await import(pathToFileURL(file).href)) as { isFromCairn: Check };
      const body = '{"event":"execution.ended","text":"[weather] failed: weather summary (#42)"}';
      const signed = (timestamp: number) => ({
        "x-cairn-timestamp": String(timestamp),
        "x-cairn-signature": signWebhook("9c1f6e0b2a7d4c38", timestamp, body),
      });
      const now = Math.floor(Date.now() / 1000);
      expect(isFromCairn("9c1f6e0b2a7d4c38", signed(now), body)).toBe(true);
      expect(isFromCairn("9c1f6e0b2a7d4c38", signed(now), body.replace("42", "43"))).toBe(false);
      expect(isFromCairn("another-secret", signed(now), body)).toBe(false);
      expect(isFromCairn("9c1f6e0b2a7d4c38", signed(now - 3600), body)).toBe(false);
      expect(isFromCairn("9c1f6e0b2a7d4c38", { "x-cairn-timestamp": String(now) }, body)).toBe(
        false,
      );
    } finally {
      tree.remove();
    }
  });
});
