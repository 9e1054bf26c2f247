import { Agent, fetch as undiciFetch } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CairnClient, CairnClientError } from "../../src/faces/client/index.js";
import { makeCertificates, type TestCertificates } from "./support/certificates.js";
import type { CairnServer } from "../client/support/cairn-server.js";
import { startTlsServer } from "./support/tls-server.js";

/** The client against a real `cairn serve --tls-cert --tls-key`, with a certificate made here. */
let certificates: TestCertificates;
let server: CairnServer;
beforeAll(async () => {
  certificates = makeCertificates();
  server = await startTlsServer(certificates.certFile, certificates.keyFile);
}, 60_000);
afterAll(async () => {
  await server.stop();
  certificates.remove();
});

async function rejection(promise: Promise<unknown>): Promise<CairnClientError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CairnClientError);
  return error as CairnClientError;
}

describe("the client over HTTPS", () => {
  it("serves https, as its start-up line says, to those who trust its CA", async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const dispatcher = new Agent({ connect: { ca: certificates.ca.cert } });
    const response = await undiciFetch(`${server.url}/status`, { dispatcher });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ cairn: expect.any(String) as unknown });
    await dispatcher.close();
    await expect(fetch(`${server.url}/status`)).rejects.toThrow();
  });

  it("trusts the server with the CA that signed its certificate", async () => {
    for (const [n, ca] of [certificates.ca.cert, Buffer.from(certificates.ca.cert)].entries()) {
      const client = new CairnClient({ url: server.url, token: server.token, ca });
      const page = await client.data("station").list({ limit: 1 });
      expect(page.results).toHaveLength(n);
      const commands = await client.commands();
      expect(commands.map((c) => c.name)).toContain("weather fetch");
      const saved = await client
        .run("station save", { key: `0300${String(n)}`, name: "Alps" })
        .status();
      expect(saved.status).toBe("success");
    }
  });

  it("refuses a server whose certificate no trusted CA signed, naming it and why", async () => {
    const bare = new CairnClient({ url: server.url, token: server.token });
    const error = await rejection(bare.commands());
    expect(error.code).toBe("CAIRN_TLS_UNTRUSTED");
    expect(error.message).toContain(new URL(server.url).host);
    expect(error.message).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED|ISSUER/);
    expect(error.hint).toContain("ca");
  });

  it("refuses it with an unrelated CA", async () => {
    const wrong = new CairnClient({
      url: server.url,
      token: server.token,
      ca: certificates.otherCa.cert,
    });
    const error = await rejection(wrong.run("station list").status());
    expect(error.code).toBe("CAIRN_TLS_UNTRUSTED");
    expect(error.message).toContain(new URL(server.url).host);
  });

  it("trusts it by the name localhost too", async () => {
    const port = new URL(server.url).port;
    const client = new CairnClient({
      url: `https://localhost:${port}`,
      token: server.token,
      ca: certificates.ca.cert,
    });
    const page = await client.data("station").list();
    expect(page.results.length).toBeGreaterThanOrEqual(0);
  });
});
