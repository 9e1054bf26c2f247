import { beforeAll, expect, it } from "vitest";
import { createDataQueries } from "../../src/engines/storage/data/index.js";
import { auditObserver } from "../../src/runtime/audit/index.js";
import { describeEachBackend } from "../support/describe-each-backend.js";
import { ADMIN_TOKEN, entriesAfter, useAuditProject } from "./support/use-audit-project.js";

const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" };

describeEachBackend("audit: data API writes", (backend) => {
  const fixture = useAuditProject(backend);
  const tokens: Record<string, string> = {};

  /** A user in a group holding `roles`, and a token of theirs. */
  const userWith = async (name: string, roles: string) => {
    const store = fixture.store();
    await store.save("group", { key: `${name}-group` }, { roles });
    await store.save("user", { key: name }, { groups: [`${name}-group`] });
    const issued = await fixture.run("user token", { key: name });
    const data = issued.messages.find((message) => message.type === "data");
    tokens[name] = String(data?.type === "data" ? data.value : "");
  };
  const as = (user: string) => ({
    authorization: `Bearer ${tokens[user] ?? ""}`,
    "content-type": "application/json",
  });
  const send = async (
    method: "POST" | "PATCH" | "DELETE" | "GET",
    url: string,
    headers: Record<string, string>,
    payload?: unknown,
  ) =>
    (await fixture.app()).inject({
      method,
      url,
      // No body, no content type: Fastify refuses an empty JSON body.
      headers:
        payload === undefined
          ? Object.fromEntries(Object.entries(headers).filter(([name]) => name !== "content-type"))
          : headers,
      ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
    });

  beforeAll(async () => {
    await userWith("alice", "admin");
    await userWith("carol", "auditor");
    await userWith("dave", "config-admin");
  });

  it("records a POST as the token's user, origin api, without an execution", async () => {
    const before = (await fixture.entries()).length;
    const created = await send("POST", "/data/station", as("alice"), {
      number: "03005",
      name: "Bern",
      elevation: 540,
      region: "North",
      api_secret: "hunter2",
    });
    expect(created.statusCode).toBe(201);
    const [entry, ...more] = await entriesAfter(fixture, before);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      user: "alice",
      origin: "api",
      action: "create",
      model: "station",
      row_id: created.json<{ id: number }>().id,
      row_key: "03005",
      execution: null,
      changes: {
        number: { new: "03005" },
        name: { new: "Bern" },
        elevation: { new: 540 },
        region: { new: "North" },
        api_secret: { new: "[redacted]" },
      },
    });
    expect(JSON.stringify(entry)).not.toContain("hunter2");
  });

  it("records an upserting POST array: a create and an update of changed fields", async () => {
    const before = (await fixture.entries()).length;
    const answer = await send("POST", "/data/station?on_conflict=update", admin, [
      { number: "03005", name: "Bern", elevation: 542 },
      { number: "06610", name: "Zurich" },
    ]);
    expect(answer.statusCode).toBe(201);
    const entries = await entriesAfter(fixture, before);
    expect(
      entries.map((entry) => [entry.user, entry.action, entry.row_key, entry.changes]),
    ).toEqual([
      ["admin", "update", "03005", { elevation: { old: 540, new: 542 } }],
      ["admin", "create", "06610", { number: { new: "06610" }, name: { new: "Zurich" } }],
    ]);
  });

  it("records a PATCH (a renamed key too) and a DELETE with the old values", async () => {
    const station = await fixture.store().get("station", { key: "06610" });
    const before = (await fixture.entries()).length;
    const patched = await send("PATCH", `/data/station/${String(station.id)}`, as("alice"), {
      number: "06611",
      tags: ["sun"],
    });
    expect(patched.statusCode).toBe(200);
    const removed = await send("DELETE", `/data/station/${String(station.id)}`, as("alice"));
    expect(removed.statusCode).toBe(204);
    const entries = await entriesAfter(fixture, before);
    expect(
      entries.map((entry) => [entry.action, entry.row_id, entry.row_key, entry.changes]),
    ).toEqual([
      [
        "update",
        station.id,
        "06611",
        { number: { old: "06610", new: "06611" }, tags: { old: [], new: ["sun"] } },
      ],
      [
        "remove",
        station.id,
        "06611",
        {
          number: { old: "06611" },
          name: { old: "Zurich" },
          tags: { old: ["sun"] },
          api_secret: { old: "[redacted]" },
        },
      ],
    ]);
  });

  it("records nothing for a denied or failed write", async () => {
    const before = await fixture.entries();
    const station = await fixture.store().get("station", { key: "03005" });
    const answers = [
      await send("POST", "/data/station", { "content-type": "application/json" }, { number: "1" }),
      await send("POST", "/data/station", as("carol"), { number: "1" }),
      await send("PATCH", `/data/station/${String(station.id)}`, as("dave"), { name: "x" }),
      await send("POST", "/data/station", admin, { number: "03005" }),
      await send("POST", "/data/station", admin, [
        { number: "2" },
        { number: "3", elevation: "high" },
      ]),
      await send("PATCH", `/data/station/${String(station.id)}`, admin, { elevation: "high" }),
      await send("PATCH", "/data/station/999999", admin, { name: "x" }),
      await send("DELETE", "/data/region/1", admin),
      await send("DELETE", "/data/station/999999", admin),
    ];
    expect(answers.map((answer) => answer.statusCode)).toEqual([
      401, 403, 403, 409, 400, 400, 404, 409, 404,
    ]);
    expect(await fixture.entries()).toEqual(before);
    expect(
      await fixture.store().count("station", { filters: [{ path: "number", value: "2" }] }),
    ).toBe(0);
  });

  it("records an entry in the write's transaction: a throw after it leaves neither", async () => {
    const queries = createDataQueries(backend.database(), fixture.runtime().spec);
    const before = await fixture.entries();
    const observer = auditObserver(fixture.runtime().spec, { user: "eve", origin: "api" });
    const failing = {
      ...observer,
      changed: async (...args: Parameters<typeof observer.changed>) => {
        await observer.changed(...args);
        expect(await args[1].count("audit_entry")).toBe(before.length + 1);
        throw new Error("the write fails after its entry");
      },
    };
    await expect(
      queries.insert("station", [{ number: "04000" }], { observe: failing }),
    ).rejects.toThrow("after its entry");
    const station = await fixture.store().get("station", { key: "03005" });
    await expect(
      queries.updateById("station", Number(station.id), { name: "Nope" }, { observe: failing }),
    ).rejects.toThrow("after its entry");
    expect(await fixture.entries()).toEqual(before);
    expect(
      await fixture.store().count("station", { filters: [{ path: "number", value: "04000" }] }),
    ).toBe(0);
    expect((await fixture.store().get("station", { key: "03005" })).name).toBe("Bern");
  });

  it("records a command API save with origin api and its execution", async () => {
    const before = (await fixture.entries()).length;
    const answer = await send("POST", "/command/station/save", as("alice"), {
      key: "07000",
      name: "Remote",
    });
    expect(answer.statusCode).toBe(200);
    const execution = answer.headers["x-cairn-execution"];
    const [entry] = await entriesAfter(fixture, before);
    expect(entry).toMatchObject({
      user: "alice",
      origin: "api",
      action: "create",
      row_key: "07000",
      execution: Number(execution),
    });
  });

  it("serves the trail at /data/audit_entry to auditors only", async () => {
    const read = await send(
      "GET",
      "/data/audit_entry?user=alice&order=id&fields=action,row_key",
      as("carol"),
    );
    expect(read.statusCode).toBe(200);
    expect(read.json<{ results: unknown[] }>().results).toEqual([
      { action: "create", row_key: "03005" },
      { action: "update", row_key: "06611" },
      { action: "remove", row_key: "06611" },
      { action: "create", row_key: "07000" },
    ]);
    const filtered = await send(
      "GET",
      "/data/audit_entry?changes__contains=%7B%22elevation%22%3A%7B%22new%22%3A542%7D%7D&fields=row_key",
      as("carol"),
    );
    expect(filtered.statusCode).toBe(200);
    expect(filtered.json<{ results: unknown[] }>().results).toEqual([{ row_key: "03005" }]);
    expect((await send("GET", "/data/audit_entry", as("dave"))).statusCode).toBe(403);
    expect((await send("GET", "/data/audit_entry", {})).statusCode).toBe(401);
  });
});
