import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  activateKey,
  activeKey,
  createKey,
  keyById,
  loadKeyring,
  parseKeysText,
} from "../../src/engines/crypto/index.js";
import { cli } from "../cli/support/cli-harness.js";

let dir: string;
let keyFile: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "cairn-keys-"));
  keyFile = join(dir, ".cairn", "keys.json");
  writeFileSync(join(dir, "cairn.yml"), "name: keyed\nversion: 1.0.0\n");
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const b64 = () => randomBytes(32).toString("base64");

describe("keyring sources", () => {
  it("reads CAIRN_KEYS as ID:KEY pairs, the first active, and refuses bad ones", () => {
    const [one, two] = [b64(), b64()];
    const parsed = parseKeysText(` k2:${two} , k1:${one}`);
    expect(parsed.activeId).toBe("k2");
    expect(parsed.keys.map((k) => [k.id, k.key.toString("base64")])).toEqual([
      ["k2", two],
      ["k1", one],
    ]);
    expect(() => parseKeysText("k1")).toThrow(/not ID:KEY/);
    expect(() => parseKeysText("k1:abcd")).toThrow(/not 32 bytes of base64/);
    expect(() => parseKeysText(`k1:${one},k1:${two}`)).toThrow(/appears twice/);
    expect(() => parseKeysText(`bad id:${one}`)).toThrow(/not a key id/);
    expect(() => parseKeysText(" , ")).toThrow(/holds no key/);
  });

  it("prefers CAIRN_KEYS to the file, and is empty with neither", () => {
    expect(loadKeyring({ keyFile })).toMatchObject({
      source: "none",
      keys: [],
      activeId: undefined,
    });
    createKey({ keyFile });
    const fromEnv = loadKeyring({ keyFile, keysText: `e1:${b64()}` });
    expect(fromEnv).toMatchObject({ source: "env", activeId: "e1" });
    expect(loadKeyring({ keyFile })).toMatchObject({ source: "file", activeId: "k1" });
  });

  it("refuses a key file others may read, saying how to fix it", () => {
    createKey({ keyFile });
    chmodSync(keyFile, 0o644);
    expect(() => loadKeyring({ keyFile })).toThrow(
      expect.objectContaining({
        code: "CAIRN_KEY_FILE_INSECURE",
        hint: `Run 'chmod 600 ${keyFile}', then try again.`,
      }),
    );
    chmodSync(keyFile, 0o600);
    expect(loadKeyring({ keyFile }).keys).toHaveLength(1);
  });

  it("refuses a key file that is not a keyring", () => {
    createKey({ keyFile });
    writeFileSync(keyFile, "{nope");
    expect(() => loadKeyring({ keyFile })).toThrow(
      expect.objectContaining({ code: "CAIRN_KEYRING_INVALID" }),
    );
    writeFileSync(keyFile, JSON.stringify({ active: "k9", keys: [{ id: "k1", key: b64() }] }));
    expect(() => loadKeyring({ keyFile })).toThrow(/names active key "k9"/);
  });

  it("names the key id a caller needs and the keyring lacks", () => {
    const keyring = loadKeyring({ keyFile });
    expect(() => activeKey(keyring, "a backup")).toThrow(/needs an active key/);
    createKey({ keyFile });
    expect(() => keyById(loadKeyring({ keyFile }), "k7", "x.bak")).toThrow(
      expect.objectContaining({ code: "CAIRN_KEY_MISSING", details: { keyId: "k7" } }),
    );
  });
});

describe("creating and activating keys", () => {
  it("adds keys with 0600, the first active, others on --activate", () => {
    expect(createKey({ keyFile })).toMatchObject({ key: { id: "k1" }, active: true });
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(createKey({ keyFile })).toMatchObject({ key: { id: "k2" }, active: false });
    expect(loadKeyring({ keyFile }).activeId).toBe("k1");
    expect(createKey({ keyFile }, { activate: true })).toMatchObject({
      key: { id: "k3" },
      active: true,
    });
    activateKey({ keyFile }, "k2");
    const keyring = loadKeyring({ keyFile });
    expect(keyring.activeId).toBe("k2");
    expect(keyring.keys.map((k) => k.id)).toEqual(["k1", "k2", "k3"]);
    expect(() => {
      activateKey({ keyFile }, "k9");
    }).toThrow(/holds no key 'k9'/);
  });

  it("refuses to change keys that come from CAIRN_KEYS", () => {
    const sources = { keyFile, keysText: `k1:${b64()}` };
    expect(() => createKey(sources)).toThrow(
      expect.objectContaining({ code: "CAIRN_KEYS_READ_ONLY" }),
    );
    expect(() => {
      activateKey(sources, "k1");
    }).toThrow(/come from CAIRN_KEYS/);
  });
});

describe("cairn keys", () => {
  const run = (argv: string[], env: Record<string, string> = {}) => cli(argv, { cwd: dir, env });

  it("creates, lists and activates keys without ever printing one", async () => {
    expect(await run(["keys", "create"])).toMatchObject({
      code: 0,
      stdout: `created key k1 in ${keyFile}; it is active\n`,
    });
    expect((await run(["keys", "create"])).stdout).toContain("cairn keys activate k2");
    expect((await run(["keys", "activate", "k2"])).stdout).toBe("activated key k2\n");
    const listed = await run(["--format", "json", "keys", "list"]);
    const rows = JSON.parse(listed.stdout) as { id: string; active: boolean }[];
    expect(rows.map((r) => [r.id, r.active])).toEqual([
      ["k1", false],
      ["k2", true],
    ]);
    const table = (await run(["keys", "list"])).stdout;
    const file = JSON.parse(readFileSync(keyFile, "utf8")) as { keys: { key: string }[] };
    for (const { key } of file.keys) expect(table).not.toContain(key);
    expect(table).toContain("k2");
  });

  it("uses CAIRN_KEY_FILE, and refuses create with CAIRN_KEYS set", async () => {
    const other = join(dir, "elsewhere.json");
    expect((await run(["keys", "create"], { CAIRN_KEY_FILE: other })).code).toBe(0);
    expect(statSync(other).mode & 0o777).toBe(0o600);
    const refused = await run(["keys", "create"], { CAIRN_KEYS: `k1:${b64()}` });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("CAIRN_KEYS");
  });
});
