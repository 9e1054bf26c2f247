import { afterEach, describe, expect, it } from "vitest";
import { CairnApiError, CairnClient, type Message } from "../../src/faces/client/index.js";
import { json, pause, scriptedServer, type ScriptedServer } from "./support/scripted-server.js";

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const TIME = "2026-01-01T00:00:00.000Z";
const info = (seq: number, text: string) =>
  ({ type: "info", text, execution: "42", seq, time: TIME }) as const;
const success = (seq: number, result: unknown) =>
  ({ type: "status", status: "success", result, execution: "42", seq, time: TIME }) as const;

async function collect(iterable: AsyncIterable<Message>): Promise<Message[]> {
  const messages: Message[] = [];
  for await (const message of iterable) messages.push(message);
  return messages;
}

describe("run", () => {
  it("posts the parameters with the token and streams messages split across writes", async () => {
    server = await scriptedServer(async (_request, response) => {
      response.writeHead(200, {
        "content-type": "application/x-ndjson",
        "x-cairn-execution": "42",
      });
      const text = [info(1, "one"), info(2, "two"), success(3, { n: 1 })]
        .map((m) => JSON.stringify(m))
        .join("\n");
      for (const part of [text.slice(0, 7), text.slice(7, 90), text.slice(90)]) {
        response.write(part);
        await pause(5);
      }
      response.end();
    });
    const client = new CairnClient({ url: `${server.url}/`, token: "t0k" });
    const run = client.run("weather fetch", { station: "03005", days: 3, tags: ["a"] });
    expect(await run.id).toBe("42");
    expect(await collect(run)).toEqual([info(1, "one"), info(2, "two"), success(3, { n: 1 })]);
    expect(await run.result()).toEqual({ n: 1 });
    const [request] = server.requests;
    expect(request).toMatchObject({ method: "POST", url: "/command/weather/fetch" });
    expect(request?.headers.authorization).toBe("Bearer t0k");
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(request?.body ?? "")).toEqual({ station: "03005", days: 3, tags: ["a"] });
  });

  it("sends form text as the CLI does when asked", async () => {
    server = await scriptedServer((_request, response) => {
      response.writeHead(200, {
        "content-type": "application/x-ndjson",
        "x-cairn-execution": "42",
      });
      response.end(`${JSON.stringify(success(1, null))}\n`);
    });
    const client = new CairnClient({ url: server.url });
    const run = client.run(
      ["station", "list"],
      { order: "-number", tags: ["a", "b"], dry_run: true },
      {
        encoding: "form",
      },
    );
    expect(await run.result()).toBeNull();
    const [request] = server.requests;
    expect(request?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(request?.headers.authorization).toBeUndefined();
    expect(Object.fromEntries(new URLSearchParams(request?.body))).toEqual({
      order: "-number",
      tags: "a,b",
      dry_run: "true",
    });
  });

  it("rejects id and result with the server's error when the run cannot start", async () => {
    const error = {
      code: "CAIRN_PARAMETER_INVALID",
      message: "weather fetch: parameter 'days': expected at most 30, got 99",
      hint: "Run `cairn weather fetch --help` to see its parameters.",
      details: { problems: [{ parameter: "days" }] },
    };
    server = await scriptedServer((_request, response) => {
      json(response, 400, { error });
    });
    const run = new CairnClient({ url: server.url }).run("weather fetch", { days: 99 });
    const thrown = await run.id.catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(CairnApiError);
    expect(thrown).toMatchObject({ status: 400, ...error });
    await expect(run.result()).rejects.toMatchObject({ code: "CAIRN_PARAMETER_INVALID" });
  });

  it("throws the run's error from result() when it failed after starting", async () => {
    server = await scriptedServer((_request, response) => {
      response.writeHead(200, {
        "content-type": "application/x-ndjson",
        "x-cairn-execution": "42",
      });
      const failed = {
        type: "status",
        status: "failed",
        error: { code: "CAIRN_HANDLER_FAILED", message: "the sky fell", stack: "Error: x\n  at y" },
        execution: "42",
        seq: 1,
        time: TIME,
      };
      // No newline after the last line.
      response.end(JSON.stringify(failed));
    });
    const run = new CairnClient({ url: server.url }).run("weather fail");
    const thrown = await run.result().catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(CairnApiError);
    expect(thrown).toMatchObject({
      status: 200,
      code: "CAIRN_HANDLER_FAILED",
      message: "the sky fell",
      execution: "42",
      remoteStack: "Error: x\n  at y",
    });
  });

  it("maps an answer that is not Cairn's error shape to HTTP_<status>", async () => {
    server = await scriptedServer((_request, response) => {
      response.writeHead(502, { "content-type": "text/html" });
      response.end("<h1>Bad gateway</h1>");
    });
    await expect(new CairnClient({ url: server.url }).commands()).rejects.toMatchObject({
      status: 502,
      code: "HTTP_502",
      message: expect.stringContaining("<h1>Bad gateway</h1>") as unknown,
    });
  });

  it("cancels the request when the signal aborts", async () => {
    let closed: () => void = () => undefined;
    const gone = new Promise<void>((resolve) => (closed = resolve));
    server = await scriptedServer((_request, response, raw) => {
      response.writeHead(200, {
        "content-type": "application/x-ndjson",
        "x-cairn-execution": "42",
      });
      response.write(`${JSON.stringify(info(1, "waiting"))}\n`);
      raw.socket.once("close", closed);
    });
    const controller = new AbortController();
    const run = new CairnClient({ url: server.url }).run(
      "weather wait",
      {},
      {
        signal: controller.signal,
      },
    );
    const seen: Message[] = [];
    const reading = (async () => {
      for await (const message of run) {
        seen.push(message);
        controller.abort();
      }
    })();
    await expect(reading).rejects.toThrow(/abort/i);
    await gone;
    expect(seen).toEqual([info(1, "waiting")]);
    await expect(run.status()).rejects.toThrow(/abort/i);
  });

  it("asks for and parses server-sent events with stream: sse", async () => {
    server = await scriptedServer((request, response) => {
      response.writeHead(200, { "content-type": "text/event-stream", "x-cairn-execution": "42" });
      const events = [info(1, "one"), success(2, 5)].map(
        (m) => `id: ${String(m.seq)}\nevent: ${m.type}\ndata: ${JSON.stringify(m)}\n\n`,
      );
      expect(request.headers.accept).toBe("text/event-stream");
      response.end(events.join(""));
    });
    const run = new CairnClient({ url: server.url, stream: "sse" }).run("x");
    expect(await collect(run)).toEqual([info(1, "one"), success(2, 5)]);
    expect(() => run[Symbol.asyncIterator]()).toThrow(/only once/);
  });
});

describe("executions", () => {
  it("follows after a seq, aborts and reruns by id", async () => {
    server = await scriptedServer((request, response) => {
      if (request.url.startsWith("/command/executions/42/stream")) {
        response.writeHead(200, { "content-type": "application/x-ndjson" });
        response.end(`${JSON.stringify(success(3, "done"))}\n`);
      } else if (request.url === "/command/executions/42/abort") {
        json(response, 200, { execution: "42", status: "running", aborting: true });
      } else if (request.url === "/command/executions/42/rerun") {
        response.writeHead(200, {
          "content-type": "application/x-ndjson",
          "x-cairn-execution": "43",
        });
        response.end(`${JSON.stringify({ ...success(1, "again"), execution: "43" })}\n`);
      } else json(response, 404, { error: { code: "CAIRN_EXECUTION_NOT_FOUND", message: "no" } });
    });
    const client = new CairnClient({ url: server.url });
    const followed = client.execution(42).follow({ after: 2 });
    expect(await followed.id).toBe("42");
    expect(await followed.result()).toBe("done");
    expect(await client.execution("42").abort()).toEqual({
      execution: "42",
      status: "running",
      aborting: true,
    });
    const rerun = client.execution(42).rerun();
    expect(await rerun.id).toBe("43");
    expect(await rerun.result()).toBe("again");
    await expect(client.execution(7).abort()).rejects.toMatchObject({
      status: 404,
      code: "CAIRN_EXECUTION_NOT_FOUND",
    });
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      "GET /command/executions/42/stream?after=2",
      "POST /command/executions/42/abort",
      "POST /command/executions/42/rerun",
      "POST /command/executions/7/abort",
    ]);
  });
});
