import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import type { Runtime } from "../../../runtime/runtime.js";
import type { RunningExecution } from "../../../runtime/run-request.js";
import { holdsAny } from "../../../runtime/access/principal.js";
import { requireUser } from "../bearer-auth.js";
import { principalOf } from "../request-principal.js";
import { parseFormBody, readCommandBody } from "./command-body.js";
import { describeCommand } from "./describe-command.js";
import { replyWithMessages, streamFormatOf } from "./message-stream-reply.js";

export interface CommandApiOptions {
  readonly runtime: Runtime;
}

const EXECUTION_PARAMS = {
  type: "object",
  properties: { id: { type: "string", pattern: "^[0-9]{1,18}$" } },
  required: ["id"],
} as const;

const STREAM_QUERY = {
  type: "object",
  properties: { after: { type: "integer", minimum: 0 } },
  additionalProperties: false,
} as const;

/**
 * The command API (DESIGN.md section 6) as one encapsulated plugin: the command tree,
 * one streaming endpoint per command, and the execution routes that follow, abort and
 * rerun a run from any client. Handlers translate HTTP; the runtime validates, runs,
 * records and locks.
 */
export const commandApiPlugin: FastifyPluginAsync<CommandApiOptions> = (app, options) => {
  const { runtime } = options;
  app.addContentTypeParser(
    "application/x-www-form-urlencoded",
    { parseAs: "string" },
    (_request, body, done) => {
      done(null, parseFormBody(body as string));
    },
  );
  app.addHook("onRequest", (request, _reply, done) => {
    try {
      requireUser(request);
      done();
    } catch (error) {
      done(error as Error);
    }
  });

  const commands = [...runtime.spec.commands.values()]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((command) => ({ command, description: describeCommand(command) }));
  // Each caller sees the commands their roles let them run.
  app.get("/command", (request) => {
    const principal = principalOf(request);
    return {
      commands: commands
        .filter(({ command }) => holdsAny(principal, command.roles))
        .map(({ description }) => description),
    };
  });

  app.post("/command/*", async (request, reply) => {
    const path = (request.params as { "*": string })["*"];
    const name = path.split("/").filter(Boolean).join(" ");
    const body = readCommandBody(request.body, request.headers["content-type"]);
    if (body.schedule !== undefined) {
      const created = await runtime.createSchedule({
        command: name,
        parameters: body.parameters,
        parametersAsText: body.asText,
        origin: "api",
        principal: principalOf(request),
        ...body.schedule,
      });
      return reply.status(201).send(created);
    }
    const definition = runtime.spec.commands.get(name);
    const interruptible = definition?.interruptible === true;
    const queued =
      body.queue.local !== true && (body.queue.queue ?? definition?.background === true);
    const controller = new AbortController();
    const running = await runtime.start({
      command: name,
      parameters: body.parameters,
      parametersAsText: body.asText,
      origin: "api",
      principal: principalOf(request),
      signal: controller.signal,
      ...body.queue,
      ...body.notify,
    });
    if (body.async) return replyStarted(reply, running, queued ? "queued" : "running");
    await streamRun(request, reply, running, interruptible ? controller : undefined);
    return reply;
  });

  registerExecutionRoutes(app, runtime);
  return Promise.resolve();
};

/** `_async`: the run goes on, recorded only; the answer names it for following. */
function replyStarted(
  reply: FastifyReply,
  running: RunningExecution,
  status: "queued" | "running",
) {
  void running.messages[Symbol.asyncIterator]().return?.();
  return reply
    .status(202)
    .header("x-cairn-execution", running.id)
    .send({ execution: running.id, status });
}

/**
 * Streams a run to its caller. When the caller goes away an interruptible run is
 * aborted; any other run goes on to the end, recorded, and can be followed again.
 */
async function streamRun(
  request: FastifyRequest,
  reply: FastifyReply,
  running: RunningExecution,
  abortOnDisconnect: AbortController | undefined,
): Promise<void> {
  await replyWithMessages(reply, {
    format: streamFormatOf(request),
    execution: running.id,
    messages: running.messages,
    onClientGone: () => abortOnDisconnect?.abort(),
  });
}

function registerExecutionRoutes(app: FastifyInstance, runtime: Runtime): void {
  app.get(
    "/command/executions/:id/stream",
    { schema: { params: EXECUTION_PARAMS, querystring: STREAM_QUERY } },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const after = (request.query as { after?: number }).after ?? lastEventId(request) ?? 0;
      const stop = new AbortController();
      const messages = await runtime.follow(id, {
        after,
        signal: stop.signal,
        principal: principalOf(request),
      });
      await replyWithMessages(reply, {
        format: streamFormatOf(request),
        execution: id,
        messages,
        onClientGone: () => {
          stop.abort();
        },
      });
      return reply;
    },
  );

  app.post(
    "/command/executions/:id/abort",
    { schema: { params: EXECUTION_PARAMS } },
    async (request) => runtime.abort((request.params as { id: string }).id, principalOf(request)),
  );

  app.post(
    "/command/executions/:id/rerun",
    { schema: { params: EXECUTION_PARAMS } },
    async (request, reply) => {
      const controller = new AbortController();
      const running = await runtime.rerun((request.params as { id: string }).id, {
        principal: principalOf(request),
        signal: controller.signal,
      });
      const interruptible = runtime.spec.commands.get(running.command)?.interruptible === true;
      await streamRun(request, reply, running, interruptible ? controller : undefined);
      return reply;
    },
  );
}

/** `Last-Event-ID`, which an EventSource sends when it reconnects. */
function lastEventId(request: FastifyRequest): number | undefined {
  const header = request.headers["last-event-id"];
  if (typeof header !== "string" || !/^[0-9]{1,15}$/.test(header)) return undefined;
  return Number(header);
}
