/**
 * Entry of one isolate (a worker thread). It opens its own database connection and
 * record store, loads the spec once, and runs one handler at a time inside one
 * transaction (begun on its first data access): committed when the handler returns,
 * rolled back when it throws or is aborted. Messages go to the parent, which numbers and records them.
 */
import { parentPort, workerData } from "node:worker_threads";
import { ExecutionAborted, HandlerFailed } from "../../foundations/error-codes.js";
import type { MessageBody } from "../../foundations/message.js";
import {
  IDENTITY,
  secretRedactor,
  textsOf,
  type Redaction,
} from "../../foundations/redact-secrets.js";
import { loadProjectSpec } from "../../spec/index.js";
import { KeyringFieldCipher } from "../crypto/keyring-field-cipher.js";
import { openDatabase, type Database } from "../storage/database.js";
import { createRecordStore } from "../storage/records/index.js";
import type { RecordStore } from "../storage/records/record-store.js";
import { createContext } from "./create-context.js";
import { CreditWindow } from "./credit-window.js";
import { fromErrorPayload, toErrorPayload } from "./error-payload.js";
import { loadHandler } from "./handler-loader.js";
import { LazyTransaction } from "./lazy-transaction.js";
import type {
  IsolateJob,
  IsolateRequest,
  IsolateWorkerData,
  JobOutcome,
  ParentToWorker,
  WorkerToParent,
} from "./protocol.js";

const port = parentPort;
if (port === null) throw new Error("isolate-worker.ts must run in a worker thread");
const data = workerData as IsolateWorkerData;
const credits = new CreditWindow(data.credits, data.window);

function send(message: WorkerToParent): void {
  port?.postMessage(message);
}

if (!data.loaderRegistered) {
  // TypeScript handlers need no build step: tsx compiles them as they load, as ESM or
  // (outside a `"type": "module"` package) as CommonJS.
  const [esm, cjs] = await Promise.all([import("tsx/esm/api"), import("tsx/cjs/api")]);
  esm.register();
  cjs.register();
}

let database: Database | undefined;
let store: RecordStore | undefined;
try {
  database = await openDatabase(data.databaseUrl);
  store = createRecordStore(
    database,
    await loadProjectSpec(data.projectDir),
    new KeyringFieldCipher(data.keys),
  );
  send({ kind: "ready" });
} catch (error) {
  send({ kind: "init-failed", error: toErrorPayload(error, HandlerFailed.code) });
}

let active: { readonly id: number; readonly controller: AbortController } | undefined;
let nextRequest = 1;
const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

function request(job: number, body: IsolateRequest): Promise<unknown> {
  const id = nextRequest++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    send({ kind: "request", job, request: id, body });
  });
}

async function run(job: IsolateJob, root: RecordStore): Promise<JobOutcome> {
  const controller = new AbortController();
  active = { id: job.id, controller };
  credits.reset();
  let wrote = false;
  // Secret config values the handler read: hidden in all it says from then on.
  const revealed: string[] = [];
  let redact: Redaction = IDENTITY;
  try {
    const handler = await loadHandler(job.handler);
    const transaction = new LazyTransaction(root);
    let result: unknown;
    try {
      const ctx = createContext({
        execution: job.execution,
        user: job.user,
        signal: controller.signal,
        store: transaction.store,
        emit(body: MessageBody) {
          credits.beforeSend();
          send({ kind: "message", job: job.id, body: redact(body) });
        },
        revealed(value) {
          revealed.push(...textsOf(value));
          redact = secretRedactor(revealed);
        },
        run: (command, parameters) => request(job.id, { op: "run", command, parameters }),
        beforeWrite() {
          if (!wrote) send({ kind: "writing", job: job.id });
          wrote = true;
        },
      });
      const value = await handler(ctx, job.parameters);
      // An aborted run keeps nothing, even when the handler ignored its signal.
      controller.signal.throwIfAborted();
      result = value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
    } catch (error) {
      await transaction.end(false);
      throw error;
    }
    await transaction.end(true);
    return { status: "success", result: redact(result) };
  } catch (error) {
    if (controller.signal.aborted) {
      return {
        status: "aborted",
        error: ExecutionAborted.create("the execution was aborted").toJSON(),
      };
    }
    return { status: "failed", error: redact(toErrorPayload(error, HandlerFailed.code)) };
  } finally {
    active = undefined;
  }
}

port.on("message", (message: ParentToWorker) => {
  switch (message.kind) {
    case "run": {
      const root = store;
      if (root === undefined) return;
      void run(message.job, root).then((outcome) => {
        send({ kind: "done", job: message.job.id, outcome });
      });
      return;
    }
    case "abort":
      if (active?.id === message.job) {
        active.controller.abort(
          ExecutionAborted.create(
            message.reason === "timeout" ? "the execution timed out" : "the execution was aborted",
          ),
        );
      }
      return;
    case "reply": {
      const waiter = pending.get(message.request);
      pending.delete(message.request);
      if (message.ok) waiter?.resolve(message.value);
      else if (message.error !== undefined) waiter?.reject(fromErrorPayload(message.error));
      return;
    }
    case "close":
      void (database?.close() ?? Promise.resolve()).finally(() => {
        port.close();
      });
      return;
  }
});
