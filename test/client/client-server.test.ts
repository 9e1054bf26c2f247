import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CairnApiError, CairnClient, type Message } from "../../src/faces/client/index.js";
import { startCairnServer, type CairnServer } from "./support/cairn-server.js";

/** The client against a real `cairn serve` process over the CLI's fixture project. */
let server: CairnServer;
let client: CairnClient;
beforeAll(async () => {
  server = await startCairnServer();
  client = new CairnClient({ url: server.url, token: server.token });
});
afterAll(async () => {
  await server.stop();
});

async function collect(iterable: AsyncIterable<Message>): Promise<Message[]> {
  const messages: Message[] = [];
  for await (const message of iterable) messages.push(message);
  return messages;
}

describe("the command API", () => {
  it("lists the commands with their parameters' schemas", async () => {
    const commands = await client.commands();
    const fetch = commands.find((c) => c.name === "weather fetch");
    expect(fetch).toMatchObject({
      path: ["weather", "fetch"],
      help: "Fetch observations for a station",
      accepts_filters: false,
    });
    expect(fetch?.parameters.properties.days).toMatchObject({
      type: "integer",
      default: 7,
      minimum: 1,
      maximum: 30,
      "x-cairn-type": "integer",
      "x-cairn-multiple": false,
    });
    expect(fetch?.parameters.properties.tags).toMatchObject({
      type: "array",
      "x-cairn-multiple": true,
    });
    expect(commands.find((c) => c.name === "station list")?.accepts_filters).toBe(true);
  });

  it("runs a command with typed values and streams its messages", async () => {
    const run = client.run("weather fetch", { days: 3, tags: ["a", "b"] });
    const id = await run.id;
    expect(id).toMatch(/^\d+$/);
    const messages = await collect(run);
    expect(messages.map((m) => m.type)).toEqual(["info", "status"]);
    expect(messages.every((m) => m.execution === id)).toBe(true);
    expect(messages.map((m) => m.seq)).toEqual([1, 2]);
    expect(await run.result()).toEqual({ days: 3, unit: "c", tags: ["a", "b"] });
  });

  it("runs with CLI text in a form and gets the same result", async () => {
    const run = client.run(
      "weather fetch",
      { days: "3", tags: "a,b", dry_run: true },
      {
        encoding: "form",
      },
    );
    expect(await run.result()).toEqual({ days: 3, unit: "c", tags: ["a", "b"] });
  });

  it("throws a parameter error before anything runs", async () => {
    const thrown = await client
      .run("weather fetch", { days: 99 })
      .id.catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(CairnApiError);
    expect(thrown).toMatchObject({ status: 400, code: "CAIRN_PARAMETER_INVALID" });
    expect((thrown as CairnApiError).message).toContain("expected at most 30, got 99");
  });

  it("throws a failed run's error from result(), with its execution", async () => {
    const thrown = await client
      .run("weather fail")
      .result()
      .catch((error: unknown) => error);
    expect(thrown).toMatchObject({ code: "CAIRN_HANDLER_FAILED", message: "the sky fell" });
    expect((thrown as CairnApiError).execution).toMatch(/^\d+$/);
  });

  it("answers 404 for an unknown command and 401 without the token", async () => {
    await expect(client.run("weather nope").id).rejects.toMatchObject({
      status: 404,
      code: "CAIRN_COMMAND_NOT_FOUND",
    });
    await expect(new CairnClient({ url: server.url }).commands()).rejects.toMatchObject({
      status: 401,
      code: "CAIRN_UNAUTHORIZED",
    });
  });

  it("follows a finished run again, after a seq, and reruns it", async () => {
    const run = client.run("weather report");
    const first = await collect(run);
    const id = await run.id;
    const replay = await collect(client.execution(id).follow());
    expect(replay).toEqual(first);
    const tail = await collect(client.execution(id).follow({ after: 4 }));
    expect(tail.map((m) => m.seq)).toEqual(first.slice(4).map((m) => m.seq));
    const again = client.execution(id).rerun();
    expect(await again.id).not.toBe(id);
    expect((await collect(again)).map((m) => m.type)).toEqual(first.map((m) => m.type));
  });

  it("aborts a running execution from another request", async () => {
    const run = client.run("weather wait");
    const id = await run.id;
    const messages: Message[] = [];
    for await (const message of run) {
      messages.push(message);
      if (message.type === "info") {
        expect(await client.execution(id).abort()).toMatchObject({ execution: id, aborting: true });
      }
    }
    expect(messages.at(-1)).toMatchObject({ type: "status", status: "aborted" });
    await expect(run.result()).rejects.toMatchObject({ execution: id });
    await expect(client.execution("999999").abort()).rejects.toMatchObject({
      status: 404,
      code: "CAIRN_EXECUTION_NOT_FOUND",
    });
  });
});

describe("the data API", () => {
  it("saves, lists, pages, gets, updates and removes rows", async () => {
    const stations = client.data<{ id: number; number: string; name?: string }>("station");
    const saved = await stations.save(
      ["20001", "20002", "20003", "20004", "20005"].map((number) => ({
        number,
        name: `S${number}`,
      })),
      { onConflict: "update" },
    );
    expect(saved.map((row) => row.number)).toEqual(["20001", "20002", "20003", "20004", "20005"]);
    const page = await stations.list({
      filters: { number__startswith: "2000" },
      order: "-number",
      fields: ["id", "number"],
      limit: 2,
    });
    expect(page.results.map((row) => row.number)).toEqual(["20005", "20004"]);
    expect(page.count).toBe(5);
    expect(page.next).not.toBeNull();
    const all: string[] = [];
    for await (const row of stations.all({ filters: { number__startswith: "2000" }, limit: 2 })) {
      all.push(row.number);
    }
    expect(all).toEqual(["20001", "20002", "20003", "20004", "20005"]);
    const first = saved[0];
    if (first === undefined) throw new Error("nothing saved");
    expect(await stations.get(first.id, { fields: "number" })).toEqual({ number: "20001" });
    expect(await stations.update(first.id, { name: "Renamed" })).toMatchObject({ name: "Renamed" });
    await stations.remove(first.id);
    await expect(stations.get(first.id)).rejects.toMatchObject({
      status: 404,
      code: "CAIRN_RECORD_NOT_FOUND",
    });
    await expect(stations.save({ number: "20002" })).rejects.toMatchObject({
      status: 409,
      code: "CAIRN_RECORD_CONFLICT",
    });
  });
});
