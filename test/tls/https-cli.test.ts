import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSettings } from "../../src/foundations/settings.js";
import { cli } from "../cli/support/cli-harness.js";
import { makeCertificates, type TestCertificates } from "./support/certificates.js";
import type { CairnServer } from "../client/support/cairn-server.js";
import { startTlsServer } from "./support/tls-server.js";

/** `cairn --host` against a real `cairn serve --tls-cert --tls-key`, certificates made here. */
let certificates: TestCertificates;
let server: CairnServer;
let dir: string;
let env: Record<string, string>;
beforeAll(async () => {
  certificates = makeCertificates();
  server = await startTlsServer(certificates.certFile, certificates.keyFile);
  dir = mkdtempSync(join(tmpdir(), "cairn-tls-cli-"));
  env = { CAIRN_HOSTS_FILE: join(dir, "hosts.json") };
}, 60_000);
afterAll(async () => {
  await server.stop();
  certificates.remove();
  rmSync(dir, { recursive: true, force: true });
});

function here(argv: readonly string[]) {
  return cli(argv, { cwd: dir, env });
}

describe("cairn --host over HTTPS", () => {
  it("runs commands on a host saved with the CA that signed its certificate", async () => {
    const saved = await here([
      "host",
      "save",
      "local",
      `url=${server.url}`,
      `token=${server.token}`,
      // Relative to the directory the CLI runs in, kept absolute.
      "ca=ca.pem",
    ]);
    expect(saved.code).toBe(0);
    const listed = await here(["--format", "json", "host", "list"]);
    const [row] = JSON.parse(listed.stdout) as { ca?: string }[];
    expect(row?.ca).toBe(join(dir, "ca.pem"));
    writeFileSync(join(dir, "ca.pem"), certificates.ca.cert);
    const run = await here(["--host", "local", "station", "save", "03005", "name=Alps"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const list = await here(["--host", "local", "--format", "json", "station", "list"]);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toMatchObject([{ number: "03005", name: "Alps" }]);
  });

  it("refuses a host whose certificate it cannot verify, naming it and why", async () => {
    const host = new URL(server.url).host;
    expect((await here(["host", "save", "bare", `url=${server.url}`, "token=x"])).code).toBe(0);
    const bare = await here(["--host", "bare", "station", "list"]);
    expect(bare.code).toBe(1);
    expect(bare.stderr).toContain("CAIRN_TLS_UNTRUSTED");
    expect(bare.stderr).toContain(`cannot verify the TLS certificate of ${host}`);
    expect(bare.stderr).toContain("ca=");
    expect(bare.stderr).not.toMatch(/\n\s+at /);
    const wrong = await here([
      "host",
      "save",
      "wrong",
      `url=${server.url}`,
      "token=x",
      `ca=${certificates.otherCaFile}`,
    ]);
    expect(wrong.code).toBe(0);
    const refused = await here(["--host", "wrong", "station", "list"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("CAIRN_TLS_UNTRUSTED");
    expect(refused.stderr).toContain(host);
  });

  it("says so when the saved CA file cannot be read", async () => {
    const missing = join(dir, "gone.pem");
    await here(["host", "save", "gone", `url=${server.url}`, `ca=${missing}`]);
    const run = await here(["--host", "gone", "station", "list"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("CAIRN_SETTINGS_INVALID");
    expect(run.stderr).toContain(missing);
  });
});

describe("cairn serve TLS settings", () => {
  it("wants both files, as options or settings", async () => {
    const half = await cli(["serve", "--port", "0", "--tls-cert", certificates.certFile], {
      cwd: server.project.dir,
    });
    expect(half.code).toBe(2);
    expect(half.stderr).toContain("--tls-cert needs --tls-key");
    expect(() =>
      loadSettings({
        env: { CAIRN_TLS_CERT: "cert.pem" },
        cwd: server.project.dir,
      }),
    ).toThrow(/CAIRN_TLS_CERT is set but CAIRN_TLS_KEY is not/);
    const settings = loadSettings({
      env: { CAIRN_TLS_CERT: "cert.pem", CAIRN_TLS_KEY: "key.pem" },
      cwd: server.project.dir,
    });
    expect(settings.tls).toEqual({
      certFile: join(server.project.dir, "cert.pem"),
      keyFile: join(server.project.dir, "key.pem"),
    });
    expect(settings.publicUrl).toMatch(/^https:\/\//);
  });

  it("stops at start, naming a file it cannot read", async () => {
    const missing = join(dir, "missing-key.pem");
    const run = await cli(
      ["serve", "--port", "0", "--tls-cert", certificates.certFile, "--tls-key", missing],
      { cwd: server.project.dir },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("CAIRN_SETTINGS_INVALID");
    expect(run.stderr).toContain(`cannot read the TLS key ${missing}`);
  });
});
