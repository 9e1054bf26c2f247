import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Message } from "../../src/foundations/message.js";
import { describeEachBackend } from "../support/describe-each-backend.js";
import type { TempTree } from "../support/temp-tree.js";
import { COMMAND_TOKEN, writeCommandProject } from "./support/command-project.js";
import { allMessages, drain, messageLines } from "./support/message-lines.js";
import { runCairn, startServeProcess, type ServeProcess } from "../support/cairn-process.js";

/**
 * The command API end to end: two real `cairn serve` processes (two API nodes) on one
 * database, driven over HTTP. Outcomes are checked from the execution records.
 */

const auth = { authorization: `Bearer ${COMMAND_TOKEN}` };

function post(server: ServeProcess, path: string, body?: unknown, init: RequestInit = {}) {
  return fetch(`${server.url}${path}`, {
    method: "POST",
    ...init,
    headers: {
      ...auth,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...(init.headers as Record<string, string> | undefined),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function getJson(server: ServeProcess, path: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${server.url}${path}`, { headers: auth });
  return (await response.json()) as Record<string, unknown>;
}

async function execution(server: ServeProcess, id: string): Promise<Record<string, unknown>> {
  return getJson(server, `/data/execution/${id}`);
}

/** Polls the execution record until it leaves `running` (bounded by the test timeout). */
async function finalStatus(server: ServeProcess, id: string): Promise<string> {
  for (;;) {
    const row = await execution(server, id);
    if (row.status !== "running" && row.status !== "queued") return String(row.status);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The file a `gate` or `exclusive` run waits for. */
function signalFile(name: string): string {
  return join(project.dir, `${name}.signal`);
}

function openGate(name: string): void {
  writeFileSync(signalFile(name), "");
}

function statusOf(messages: readonly Message[]) {
  const last = messages.at(-1);
  if (last?.type !== "status") throw new Error(`the stream ended without a status message`);
  return last;
}

function expectContiguous(messages: readonly Message[], from: number): void {
  expect(messages.map((m) => m.seq)).toEqual(messages.map((_, i) => from + i));
}

let project: TempTree;
beforeAll(() => {
  project = writeCommandProject();
});
afterAll(() => {
  project.remove();
});

describeEachBackend("command API over HTTP", (fixture) => {
  let a: ServeProcess;
  let b: ServeProcess;

  beforeAll(async () => {
    const env = { CAIRN_DATABASE_URL: fixture.url(), CAIRN_ADMIN_TOKEN: COMMAND_TOKEN };
    const migrated = await runCairn(project.dir, ["db", "migrate"], env);
    expect(migrated.stderr).toBe("");
    [a, b] = await Promise.all([
      startServeProcess(project.dir, env),
      startServeProcess(project.dir, env),
    ]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([a.stop(), b.stop()]);
  });

  it("lists the command tree with each parameter as JSON Schema", async () => {
    const { commands } = (await getJson(a, "/command")) as {
      commands: { name: string; parameters: { properties: Record<string, unknown> } }[];
    };
    const echo = commands.find((c) => c.name === "echo");
    expect(echo).toMatchObject({
      path: ["echo"],
      interruptible: false,
      parameters: {
        type: "object",
        required: ["text"],
        properties: {
          text: { type: "string", maxLength: 20, "x-cairn-type": "string" },
          times: { type: "integer", minimum: 1, maximum: 5, default: 1 },
          tags: { type: "array", items: { type: "string" }, "x-cairn-multiple": true },
          loud: { type: "boolean", "x-cairn-type": "flag" },
        },
      },
    });
    expect(commands.map((c) => c.name)).toEqual(
      expect.arrayContaining(["station list", "db migrate", "spin"]),
    );
  });

  it("streams every message in order, ending with the status", async () => {
    const response = await post(a, "/command/talk", { count: 5000 });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/x-ndjson");
    const id = response.headers.get("x-cairn-execution") ?? "";
    const messages = await allMessages(response);
    expect(messages).toHaveLength(5001);
    expectContiguous(messages, 1);
    expect(messages.every((m) => m.execution === id)).toBe(true);
    expect(messages[4999]).toMatchObject({ type: "info", text: "message 5000" });
    expect(statusOf(messages)).toMatchObject({ status: "success", result: 5000 });
    expect(await execution(a, id)).toMatchObject({ status: "success", origin: "api" });
  });

  it("sends each message as it is emitted, not at the end", async () => {
    const response = await post(a, "/command/gate", {
      open: signalFile(`${fixture.backend.name}-G1`),
    });
    const reader = messageLines(response);
    const first = await reader.next();
    expect(first.value).toMatchObject({ type: "info", text: "waiting", seq: 1 });
    const id = response.headers.get("x-cairn-execution") ?? "";
    expect(await execution(a, id)).toMatchObject({ status: "running" });
    openGate(`${fixture.backend.name}-G1`);
    const rest: Message[] = [];
    for await (const message of reader) rest.push(message);
    expect(statusOf(rest)).toMatchObject({
      status: "success",
      result: signalFile(`${fixture.backend.name}-G1`),
    });
  });

  it("reads form bodies as the CLI reads its words", async () => {
    const response = await post(a, "/command/echo", undefined, {
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "text=hi&times=2&tags=a,b&loud=true&day=2026-01-02",
    });
    const messages = await allMessages(response);
    expect(messages.filter((m) => m.type === "info")).toHaveLength(2);
    expect(statusOf(messages).result).toEqual({
      text: "hi",
      times: 2,
      tags: ["a", "b"],
      loud: true,
      day: "2026-01-02",
    });
  });

  it("answers parameter errors with 400 before anything runs", async () => {
    const before = await getJson(a, "/data/execution/count?command=echo");
    const response = await post(a, "/command/echo", { times: 9 });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("CAIRN_PARAMETER_INVALID");
    expect(body.error.message).toMatch(/text/);
    expect(await getJson(a, "/data/execution/count?command=echo")).toEqual(before);
  });

  it("answers an unknown command with 404 and the closest paths", async () => {
    const response = await post(a, "/command/ecko", {});
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error).toMatchObject({ code: "CAIRN_COMMAND_NOT_FOUND" });
    expect(body.error.message).toContain("'echo'");
  });

  it("refuses requests without the admin token", async () => {
    const response = await fetch(`${a.url}/command/echo`, { method: "POST" });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      "CAIRN_UNAUTHORIZED",
    );
  });

  it("aborts an interruptible command when its caller goes away", async () => {
    const caller = new AbortController();
    const response = await post(a, "/command/spin", {}, { signal: caller.signal });
    const id = response.headers.get("x-cairn-execution") ?? "";
    const reader = messageLines(response);
    expect((await reader.next()).value).toMatchObject({ type: "progress" });
    caller.abort();
    await reader.return(undefined).catch(() => undefined);
    expect(await finalStatus(a, id)).toBe("aborted");
  });

  it("runs any other command to the end after its caller goes away", async () => {
    const caller = new AbortController();
    const response = await post(
      a,
      "/command/steady",
      { steps: 8, pause: 40 },
      { signal: caller.signal },
    );
    const id = response.headers.get("x-cairn-execution") ?? "";
    const reader = messageLines(response);
    expect((await reader.next()).value).toMatchObject({ type: "progress", done: 1 });
    caller.abort();
    await reader.return(undefined).catch(() => undefined);
    expect(await finalStatus(a, id)).toBe("success");
    const replay = await allMessages(
      await fetch(`${a.url}/command/executions/${id}/stream`, { headers: auth }),
    );
    expectContiguous(replay, 1);
    expect(replay.filter((m) => m.type === "progress")).toHaveLength(8);
    expect(statusOf(replay)).toMatchObject({ status: "success", result: 8 });
  });

  it("follows a run live from another node, resuming after a seq", async () => {
    const response = await post(a, "/command/gate", {
      open: signalFile(`${fixture.backend.name}-G2`),
    });
    const id = response.headers.get("x-cairn-execution") ?? "";
    const reader = messageLines(response);
    expect((await reader.next()).value).toMatchObject({ text: "waiting" });
    const follower = await fetch(`${b.url}/command/executions/${id}/stream?after=1`, {
      headers: auth,
    });
    expect(follower.status).toBe(200);
    const followed = allMessages(follower);
    openGate(`${fixture.backend.name}-G2`);
    const messages = await followed;
    expect(messages[0]).toMatchObject({ seq: 2, type: "info", text: "open" });
    expectContiguous(messages, 2);
    expect(statusOf(messages)).toMatchObject({
      status: "success",
      result: signalFile(`${fixture.backend.name}-G2`),
    });
    await drain(reader);
  });

  it("answers 404 for following an unknown execution", async () => {
    const response = await fetch(`${b.url}/command/executions/999999999/stream`, {
      headers: auth,
    });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      "CAIRN_EXECUTION_NOT_FOUND",
    );
  });

  it("streams server-sent events when asked", async () => {
    const response = await post(
      a,
      "/command/echo",
      { text: "sse", times: 2 },
      {
        headers: { accept: "text/event-stream" },
      },
    );
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const text = await response.text();
    const events = text.trim().split("\n\n");
    expect(events).toHaveLength(3);
    expect(events[0]).toMatch(/^id: 1\nevent: info\ndata: \{.*"text":"sse".*\}$/);
    expect(events[2]).toMatch(/^id: 3\nevent: status\ndata: \{.*"status":"success".*\}$/);
  });

  it("starts a run with _async, aborts it from another node, and follows it to its end", async () => {
    const started = await post(a, "/command/spin", { _async: true });
    expect(started.status).toBe(202);
    const { execution: id } = (await started.json()) as { execution: string };
    const follower = await fetch(`${a.url}/command/executions/${id}/stream`, { headers: auth });
    const reader = messageLines(follower);
    expect((await reader.next()).value).toMatchObject({ type: "progress" });
    const abort = await post(b, `/command/executions/${id}/abort`);
    expect(await abort.json()).toMatchObject({ execution: id, aborting: true });
    const rest: Message[] = [];
    for await (const message of reader) rest.push(message);
    expect(statusOf(rest)).toMatchObject({ status: "aborted" });
    expect(await finalStatus(a, id)).toBe("aborted");
    const again = await post(a, `/command/executions/${id}/abort`);
    expect(await again.json()).toMatchObject({ status: "aborted", aborting: false });
  });

  it("reruns an execution with the same parameters", async () => {
    const first = await post(a, "/command/echo", { text: "again", tags: ["x"] });
    const firstId = first.headers.get("x-cairn-execution") ?? "";
    const original = statusOf(await allMessages(first));
    const rerun = await post(b, `/command/executions/${firstId}/rerun`);
    expect(rerun.status).toBe(200);
    const rerunId = rerun.headers.get("x-cairn-execution") ?? "";
    expect(rerunId).not.toBe(firstId);
    expect(statusOf(await allMessages(rerun)).result).toEqual(original.result);
    expect(await execution(a, rerunId)).toMatchObject({ command: "echo", origin: "rerun" });
  });

  it("holds a lock across nodes: refuses, or waits with _lock_wait", async () => {
    const holder = await post(a, "/command/exclusive", {
      release: signalFile(`${fixture.backend.name}-R1`),
    });
    const holderId = holder.headers.get("x-cairn-execution") ?? "";
    const reader = messageLines(holder);
    expect((await reader.next()).value).toMatchObject({ text: "holding the lock" });

    const refused = await post(b, "/command/exclusive", {
      release: signalFile(`${fixture.backend.name}-R1`),
    });
    expect(refused.status).toBe(409);
    const error = ((await refused.json()) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe("CAIRN_LOCK_HELD");
    expect(error.message).toContain("nightly");

    const waiter = post(b, "/command/exclusive", {
      release: signalFile(`${fixture.backend.name}-R1`),
      _lock_wait: 60,
    });
    openGate(`${fixture.backend.name}-R1`);
    await drain(reader);
    expect(await finalStatus(a, holderId)).toBe("success");
    const waited = await waiter;
    expect(waited.status).toBe(200);
    expect(statusOf(await allMessages(waited))).toMatchObject({ status: "success" });
  });

  it("keeps executions as data: failed runs are found through the data API", async () => {
    const response = await post(a, "/command/boom");
    const messages = await allMessages(response);
    expect(statusOf(messages)).toMatchObject({
      status: "failed",
    });
    expect(statusOf(messages).error?.message).toContain("boom on purpose");
    const failed = (await getJson(a, "/data/execution?command=boom&status=failed")) as {
      results: { command: string; status: string }[];
    };
    expect(failed.results.length).toBeGreaterThan(0);
    expect(failed.results.every((r) => r.command === "boom" && r.status === "failed")).toBe(true);
  });
});
