import { afterEach, describe, expect, it } from "vitest";
import { CairnClient } from "../../src/faces/client/index.js";
import { json, scriptedServer, type ScriptedServer } from "./support/scripted-server.js";

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

interface Station {
  readonly id: number;
  readonly number: string;
  readonly name?: string;
}

describe("data", () => {
  it("lists one page with filters, order, fields, limit and count", async () => {
    server = await scriptedServer((_request, response) => {
      json(response, 200, { results: [{ id: 1, number: "03000" }], count: 1, next: null });
    });
    const client = new CairnClient({ url: server.url, token: "t" });
    const page = await client.data<Station>("station").list({
      filters: { name__icontains: "alp", number__in: ["03000", "03005"], active: true },
      order: ["-elevation", "number"],
      fields: ["id", "number"],
      limit: 10,
      count: "exact",
    });
    expect(page).toEqual({ results: [{ id: 1, number: "03000" }], count: 1, next: null });
    const url = new URL(server.requests[0]?.url ?? "", server.url);
    expect(url.pathname).toBe("/data/station");
    expect([...url.searchParams]).toEqual([
      ["name__icontains", "alp"],
      ["number__in", "03000,03005"],
      ["active", "true"],
      ["order", "-elevation,number"],
      ["fields", "id,number"],
      ["limit", "10"],
      ["count", "exact"],
    ]);
    expect(server.requests[0]?.headers.authorization).toBe("Bearer t");
  });

  it("iterates every row, following absolute and relative next links on its own origin", async () => {
    const pages: Record<string, { rows: number[]; next: (host: string) => string | null }> = {
      // An absolute link, as the server builds it from the request's host.
      none: { rows: [1, 2], next: (host) => `http://${host}/data/station?limit=2&cursor=a` },
      a: { rows: [3, 4], next: () => "/data/station?limit=2&cursor=b" },
      // A link to another origin is followed on this server: the token never leaves it.
      b: { rows: [5], next: () => "http://elsewhere.example/data/station?limit=2&cursor=c" },
      c: { rows: [6], next: () => null },
    };
    server = await scriptedServer((request, response) => {
      const cursor = new URL(request.url, "http://x").searchParams.get("cursor") ?? "none";
      const page = pages[cursor];
      json(response, 200, {
        results: page?.rows.map((id) => ({ id })) ?? [],
        count: null,
        next: page?.next(request.headers.host ?? "") ?? null,
      });
    });
    const rows: unknown[] = [];
    const client = new CairnClient({ url: server.url, token: "t" });
    for await (const row of client.data("station").all({ limit: 2 })) rows.push(row);
    expect(rows).toEqual([1, 2, 3, 4, 5, 6].map((id) => ({ id })));
    expect(server.requests.map((r) => r.url)).toEqual([
      "/data/station?limit=2&count=none",
      "/data/station?limit=2&cursor=a",
      "/data/station?limit=2&cursor=b",
      "/data/station?limit=2&cursor=c",
    ]);
    expect(server.requests.every((r) => r.headers.authorization === "Bearer t")).toBe(true);
  });

  it("gets, saves, updates and removes rows", async () => {
    server = await scriptedServer((request, response) => {
      const route = `${request.method} ${request.url}`;
      if (route === "GET /data/station/3?fields=number") json(response, 200, { number: "03000" });
      else if (route === "POST /data/station")
        json(response, 201, { id: 9, ...JSON.parse(request.body) });
      else if (route === "POST /data/station?on_conflict=update") {
        const rows = JSON.parse(request.body) as object[];
        json(response, 201, { results: rows.map((row, i) => ({ id: i + 1, ...row })) });
      } else if (route === "PATCH /data/station/9") json(response, 200, { id: 9, name: "B" });
      else if (route === "DELETE /data/station/9") {
        response.writeHead(204);
        response.end();
      } else {
        json(response, 404, {
          error: { code: "CAIRN_RECORD_NOT_FOUND", message: "no station has the id 10", hint: "h" },
        });
      }
    });
    const stations = new CairnClient({ url: server.url }).data<Station>("station");
    expect(await stations.get(3, { fields: ["number"] })).toEqual({ number: "03000" });
    expect(await stations.save({ number: "09000" })).toEqual({ id: 9, number: "09000" });
    expect(
      await stations.save([{ number: "1" }, { number: "2" }], { onConflict: "update" }),
    ).toEqual([
      { id: 1, number: "1" },
      { id: 2, number: "2" },
    ]);
    expect(await stations.update(9, { name: "B" })).toEqual({ id: 9, name: "B" });
    await expect(stations.remove(9)).resolves.toBeUndefined();
    await expect(stations.remove(10)).rejects.toMatchObject({
      status: 404,
      code: "CAIRN_RECORD_NOT_FOUND",
      hint: "h",
    });
    expect(JSON.parse(server.requests[1]?.body ?? "")).toEqual({ number: "09000" });
    expect(server.requests[1]?.headers["content-type"]).toBe("application/json");
  });
});
