import { createServer, type Server, type Socket } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CairnClient, CairnClientError, isLoopbackHost } from "../../src/faces/client/index.js";
import { cli } from "../cli/support/cli-harness.js";

/**
 * A token never travels over plain http to another machine unless told `insecure`:
 * refused before any connection. A TCP listener on this machine's own non-loopback
 * address counts the connections that were tried.
 */
const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((a) => a !== undefined && a.family === "IPv4" && !a.internal)?.address;

let listener: Server;
let port = 0;
let connections = 0;
const sockets = new Set<Socket>();
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "cairn-plain-"));
  listener = createServer((socket: Socket) => {
    connections++;
    sockets.add(socket);
    socket.end(
      "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\nConnection: close\r\n\r\nseen",
    );
  });
  await new Promise<void>((resolve) => listener.listen(0, "0.0.0.0", resolve));
  port = (listener.address() as { port: number }).port;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => listener.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe("loopback", () => {
  it("is localhost, 127.0.0.0/8 and ::1", () => {
    for (const host of ["localhost", "127.0.0.1", "127.1.2.3", "[::1]", "::1", "app.localhost"]) {
      expect(isLoopbackHost(host)).toBe(true);
    }
    for (const host of ["192.0.2.1", "10.0.0.1", "example.com", "[fd00::2]", "localhost.evil"]) {
      expect(isLoopbackHost(host)).toBe(false);
    }
  });
});

describe("the client", () => {
  it("refuses a token over plain http off loopback before any request", () => {
    let calls = 0;
    const counting = (() => {
      calls++;
      return Promise.reject(new Error("no request expected"));
    }) as typeof fetch;
    let error: unknown;
    try {
      new CairnClient({ url: "http://192.0.2.1:9", token: "t0ken", fetch: counting });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CairnClientError);
    expect((error as CairnClientError).code).toBe("CAIRN_TOKEN_INSECURE");
    expect((error as CairnClientError).message).toContain("192.0.2.1:9");
    expect((error as CairnClientError).hint).toContain("https://192.0.2.1:9");
    expect((error as CairnClientError).hint).toContain("insecure");
    expect(calls).toBe(0);
  });

  it("allows plain http on loopback, without a token, or when told insecure", () => {
    for (const url of ["http://127.0.0.1:1", "http://localhost:1", "http://[::1]:1"]) {
      expect(() => new CairnClient({ url, token: "t0ken" })).not.toThrow();
    }
    expect(() => new CairnClient({ url: "http://192.0.2.1:9" })).not.toThrow();
    expect(
      () => new CairnClient({ url: "http://192.0.2.1:9", token: "t0ken", insecure: true }),
    ).not.toThrow();
  });

  it.skipIf(lanAddress === undefined)("with insecure, connects and sends it", async () => {
    const before = connections;
    const client = new CairnClient({
      url: `http://${String(lanAddress)}:${port}`,
      token: "t0ken",
      insecure: true,
    });
    await expect(client.commands()).rejects.toMatchObject({ code: "HTTP_503" });
    expect(connections).toBe(before + 1);
  });
});

describe("cairn --host", () => {
  const env = (): Record<string, string> => ({ CAIRN_HOSTS_FILE: join(dir, "hosts.json") });

  it("refuses a saved plain http host off loopback with a token, connecting nowhere", async () => {
    const target = lanAddress ?? "192.0.2.1";
    const url = `http://${target}:${lanAddress === undefined ? 9 : port}`;
    const saved = await cli(["host", "save", "far", `url=${url}`, "token=t0ken"], {
      cwd: dir,
      env: env(),
    });
    expect(saved.code).toBe(0);
    const before = connections;
    const started = Date.now();
    const refused = await cli(["--host", "far", "station", "list"], { cwd: dir, env: env() });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("CAIRN_TOKEN_INSECURE");
    expect(refused.stderr).toContain(`plain http to ${target}`);
    expect(refused.stderr).toContain("insecure=true");
    expect(connections).toBe(before);
  });

  it("refuses a URL given to --host with CAIRN_TOKEN the same way", async () => {
    const refused = await cli(["--host", "http://192.0.2.1:9", "station", "list"], {
      cwd: dir,
      env: { ...env(), CAIRN_TOKEN: "t0ken" },
    });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("CAIRN_TOKEN_INSECURE");
  });

  it.skipIf(lanAddress === undefined)("with insecure=true, tries", async () => {
    const saved = await cli(["host", "save", "far", "insecure=true"], { cwd: dir, env: env() });
    expect(saved.code).toBe(0);
    const listed = await cli(["--format", "json", "host", "list"], { cwd: dir, env: env() });
    expect(JSON.parse(listed.stdout)).toEqual([
      { name: "far", url: `http://${String(lanAddress)}:${port}`, token: true, insecure: true },
    ]);
    const before = connections;
    const tried = await cli(["--host", "far", "station", "list"], { cwd: dir, env: env() });
    expect(tried.code).toBe(1);
    expect(tried.stderr).toContain("HTTP_503");
    expect(connections).toBeGreaterThan(before);
  });

  it("takes insecure as true or false only", async () => {
    const bad = await cli(["host", "save", "x", "url=http://h:1", "insecure=yes"], {
      cwd: dir,
      env: env(),
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("insecure=yes");
  });
});
