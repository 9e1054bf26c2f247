import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { hostsFilePath } from "../../src/faces/cli/remote/index.js";
import {
  firstCommandWord,
  scanGlobalOptions,
  withoutHostOption,
} from "../../src/faces/cli/global-options.js";
import { cli } from "./support/cli-harness.js";

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "cairn-hosts-"));
  file = join(dir, "config", "hosts.json");
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const run = (argv: string[], env: Record<string, string> = {}) =>
  cli(argv, { cwd: dir, env: { CAIRN_HOSTS_FILE: file, ...env } });

const saved = (): unknown => JSON.parse(readFileSync(file, "utf8"));

describe("cairn host", () => {
  it("saves hosts to a file only its owner can read, and lists them without tokens", async () => {
    const first = await run([
      "host",
      "save",
      "prod",
      "url=https://cairn.example.com/",
      "token=s3cret",
    ]);
    expect(first).toMatchObject({ code: 0, stderr: "" });
    expect(first.stdout).toBe("saved host prod: https://cairn.example.com (with a token)\n");
    expect((await run(["host", "save", "dev", "url=http://127.0.0.1:8000"])).code).toBe(0);
    expect(saved()).toEqual({
      hosts: {
        prod: { url: "https://cairn.example.com", token: "s3cret" },
        dev: { url: "http://127.0.0.1:8000" },
      },
    });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, "config")).mode & 0o777).toBe(0o700);

    const table = await run(["host", "list"]);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain("https://cairn.example.com");
    expect(table.stdout).not.toContain("s3cret");
    const listed = await run(["host", "list", "--format", "json"]);
    expect(JSON.parse(listed.stdout)).toEqual([
      { name: "dev", url: "http://127.0.0.1:8000", token: false },
      { name: "prod", url: "https://cairn.example.com", token: true },
    ]);
    const csv = await run(["--format=csv", "host", "list"]);
    expect(csv.stdout).toBe(
      "name,url,token\r\ndev,http://127.0.0.1:8000,false\r\nprod,https://cairn.example.com,true\r\n",
    );
  });

  it("changes only the settings given, and token= removes the token", async () => {
    await run(["host", "save", "prod", "url=https://a.example", "token=one"]);
    const updated = await run(["host", "save", "prod", "token=two"]);
    expect(updated.stdout).toBe("updated host prod: https://a.example (with a token)\n");
    expect(saved()).toEqual({ hosts: { prod: { url: "https://a.example", token: "two" } } });
    await run(["host", "save", "prod", "token="]);
    expect(saved()).toEqual({ hosts: { prod: { url: "https://a.example" } } });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("removes a host, and names the closest when there is none of that name", async () => {
    await run(["host", "save", "prod", "url=https://a.example"]);
    await run(["host", "save", "dev", "url=https://b.example"]);
    const removed = await run(["host", "remove", "dev"]);
    expect(removed).toMatchObject({ code: 0, stdout: "removed host dev\n" });
    expect(saved()).toEqual({ hosts: { prod: { url: "https://a.example" } } });
    const missing = await run(["host", "remove", "prd"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(
      "error CAIRN_USAGE: no host named 'prd'; did you mean 'prod'?",
    );
    const unknownHost = await run(["--host", "prd", "station", "list"]);
    expect(unknownHost.code).toBe(2);
    expect(unknownHost.stderr).toContain("no host named 'prd'; did you mean 'prod'?");
  });

  it("refuses bad names, URLs and settings with exit code 2", async () => {
    for (const [argv, message] of [
      [["host", "save", "prod"], "host 'prod' needs url=URL"],
      [["host", "save", "prod", "url=ftp://x"], "url=ftp://x is not an http or https URL"],
      [["host", "save", "prod", "url=https://x", "tokn=1"], "did you mean 'token'?"],
      [["host", "save", "-x", "url=https://x"], "unknown option '-x'"],
      [["host", "save", "a/b", "url=https://x"], "'a/b' cannot name a host"],
      [["host", "remove"], "missing required argument 'name'"],
    ] as const) {
      const result = await run([...argv]);
      expect({ code: result.code, stderr: result.stderr }).toMatchObject({
        code: 2,
        stderr: expect.stringContaining(message) as unknown,
      });
    }
    expect(() => statSync(file)).toThrow();
  });

  it("says when the file is not a hosts file", async () => {
    await run(["host", "save", "prod", "url=https://a.example"]);
    writeFileSync(file, "{not json");
    const result = await run(["host", "list"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`CAIRN_SETTINGS_INVALID: ${file} is not a hosts file`);
  });

  it("keeps --host for commands that run on this machine out", async () => {
    for (const word of ["init", "serve", "host"]) {
      const result = await run(["--host", "prod", word]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`cairn ${word} works on this machine`);
    }
  });
});

describe("where the hosts are kept", () => {
  it("is CAIRN_HOSTS_FILE, else under XDG_CONFIG_HOME, else under HOME", () => {
    expect(hostsFilePath({ CAIRN_HOSTS_FILE: "h.json", HOME: "/home/u" }, "/work")).toBe(
      "/work/h.json",
    );
    expect(hostsFilePath({ XDG_CONFIG_HOME: "/xdg", HOME: "/home/u" }, "/work")).toBe(
      "/xdg/cairn/hosts.json",
    );
    expect(hostsFilePath({ HOME: "/home/u", XDG_CONFIG_HOME: "" }, "/work")).toBe(
      "/home/u/.config/cairn/hosts.json",
    );
    expect(() => hostsFilePath({}, "/work")).toThrow(/HOME is not set/);
  });
});

describe("--host on the command line", () => {
  it("counts before the command's words only, and is taken out before Commander", () => {
    const argv = ["--format", "json", "--host", "prod", "station", "list", "--host", "x"];
    expect(scanGlobalOptions(argv, {})).toMatchObject({ host: "prod", format: "json" });
    expect(firstCommandWord(argv)).toBe("station");
    expect(withoutHostOption(argv)).toEqual(["--format", "json", "station", "list", "--host", "x"]);
    expect(scanGlobalOptions(["--host=http://h:1", "x"], {}).host).toBe("http://h:1");
    expect(withoutHostOption(["--host=http://h:1", "x"])).toEqual(["x"]);
    expect(scanGlobalOptions(["serve", "--host", "0.0.0.0"], {}).host).toBeUndefined();
    expect(() => scanGlobalOptions(["--host"], {})).toThrow(/--host needs a host name or URL/);
  });
});
