import { afterAll, describe, expect, it } from "vitest";
import { proxySettings } from "../../src/foundations/proxy-settings.js";
import { FakeDataQueries } from "./support/fake-data-queries.js";
import { admin, ADMIN_TOKEN, createHttpProject, dataApp } from "./support/http-project.js";

const project = createHttpProject();
afterAll(() => {
  project.remove();
});

/** Two clients behind one proxy at 10.0.0.1: the first sends bad tokens until it must wait. */
async function twoClientsBehindOneProxy(env: Record<string, string>) {
  const app = await dataApp(project.dir, new FakeDataQueries(), {
    CAIRN_ADMIN_TOKEN: ADMIN_TOKEN,
    ...env,
  });
  const via = (client: string, headers: Record<string, string>) =>
    app.inject({
      url: "/data/station",
      remoteAddress: "10.0.0.1",
      headers: { "x-forwarded-for": client, ...headers },
    });
  for (let i = 0; i < 5; i++) {
    expect((await via("198.51.100.7", { authorization: "Bearer guess" })).statusCode).toBe(401);
  }
  const guesser = (await via("198.51.100.7", admin)).statusCode;
  const other = (await via("198.51.100.8", admin)).statusCode;
  await app.close();
  return { guesser, other };
}

describe("CAIRN_TRUST_PROXY", () => {
  it("throttles the client the trusted proxy names, not the proxy", async () => {
    expect(await twoClientsBehindOneProxy({ CAIRN_TRUST_PROXY: "10.0.0.1" })).toEqual({
      guesser: 429,
      other: 200,
    });
  });

  it("without it, the proxy's own address counts: everyone behind it waits", async () => {
    expect(await twoClientsBehindOneProxy({})).toEqual({ guesser: 429, other: 429 });
  });

  it("reads true, a number of hops, or addresses and CIDR ranges, and refuses the rest", () => {
    expect(proxySettings({})).toEqual({});
    expect(proxySettings({ CAIRN_TRUST_PROXY: "false" })).toEqual({});
    expect(proxySettings({ CAIRN_TRUST_PROXY: "true" })).toEqual({ trustProxy: true });
    expect(proxySettings({ CAIRN_TRUST_PROXY: "2" })).toEqual({ trustProxy: 2 });
    expect(proxySettings({ CAIRN_TRUST_PROXY: "10.0.0.1, 10.1.0.0/16,::1" })).toEqual({
      trustProxy: ["10.0.0.1", "10.1.0.0/16", "::1"],
    });
    for (const bad of ["0", "proxy.local", "10.0.0.0/33", "10.0.0.1/8/2"]) {
      expect(() => proxySettings({ CAIRN_TRUST_PROXY: bad }), bad).toThrow(/CAIRN_TRUST_PROXY/);
    }
  });
});
