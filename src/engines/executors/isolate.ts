import { Worker } from "node:worker_threads";
import { HandlerFailed } from "../../foundations/error-codes.js";
import type { ErrorPayload, MessageBody } from "../../foundations/message.js";
import { CreditGrantor, createCredits } from "./credit-window.js";
import { toErrorPayload } from "./error-payload.js";
import type {
  AbortReason,
  IsolateJob,
  IsolateRequest,
  IsolateWorkerData,
  JobOutcome,
  ParentToWorker,
  WorkerToParent,
} from "./protocol.js";
import type { WorkerEntry } from "./worker-entry.js";

/** What the pool's caller hears while a job runs. */
export interface JobEvents {
  message(body: MessageBody): void;
  /** A handler's `ctx.run`; the answer (or rejection) goes back to the handler. */
  request(body: IsolateRequest): Promise<unknown>;
}

interface ActiveJob {
  readonly id: number;
  readonly events: JobEvents;
  readonly finish: (outcome: JobOutcome) => void;
}

/** One worker thread and the job it runs; the pool decides which job runs where. */
export class Isolate {
  readonly ready: Promise<void>;
  readonly #worker: Worker;
  readonly #credits: CreditGrantor;
  #job: ActiveJob | undefined;
  #alive = true;
  #holdsWrites = false;
  #onChange: () => void;

  constructor(
    entry: WorkerEntry,
    data: Pick<IsolateWorkerData, "projectDir" | "databaseUrl" | "keys" | "window">,
    onChange: () => void,
  ) {
    const credits = createCredits();
    this.#credits = new CreditGrantor(credits);
    this.#onChange = onChange;
    const workerData: IsolateWorkerData = {
      ...data,
      credits,
      loaderRegistered: entry.loaderRegistered,
    };
    // Handler output must not mix with `--format json` on stdout: it goes to stderr,
    // written chunk by chunk so many isolates add no listeners to process.stderr.
    this.#worker = new Worker(entry.source, { eval: entry.eval, workerData, stdout: true });
    this.#worker.stdout.on("data", (chunk: Buffer) => {
      process.stderr.write(chunk);
    });
    this.ready = new Promise((resolve, reject) => {
      const onMessage = (message: WorkerToParent) => {
        if (message.kind === "ready") resolve();
        if (message.kind === "init-failed") {
          reject(Object.assign(new Error(message.error.message), message.error));
          void this.terminate();
        }
      };
      this.#worker.on("message", onMessage);
      this.#worker.once("error", reject);
      this.#worker.once("exit", (code) => {
        reject(new Error(`the isolate stopped while starting (exit code ${code})`));
      });
    });
    this.ready.catch(() => undefined);
    this.#worker.on("message", (message: WorkerToParent) => {
      this.#receive(message);
    });
    this.#worker.on("error", (error) => {
      this.#end({ status: "failed", error: toErrorPayload(error, HandlerFailed.code) });
    });
    this.#worker.on("exit", (code) => {
      this.#alive = false;
      this.#onChange();
      this.#end({
        status: "failed",
        error: HandlerFailed.create(
          `the isolate running the handler stopped (exit code ${code}); it was replaced`,
        ).toJSON(),
      });
    });
  }

  get alive(): boolean {
    return this.#alive;
  }

  /** Whether the running handler has written (and so may hold SQLite's one write lock). */
  get holdsWrites(): boolean {
    return this.#holdsWrites;
  }

  run(job: IsolateJob, events: JobEvents): Promise<JobOutcome> {
    return new Promise((finish) => {
      if (!this.#alive) {
        finish({ status: "failed", error: HandlerFailed.create("the isolate stopped").toJSON() });
        return;
      }
      this.#job = { id: job.id, events, finish };
      this.#credits.reset();
      this.#post({ kind: "run", job });
    });
  }

  /** Messages released (read and recorded) so far, which lets the handler send more. */
  release(count: number): void {
    this.#credits.release(count);
  }

  /** Fires the handler's signal; the pool terminates the isolate if it does not stop. */
  abort(job: number, reason: AbortReason): void {
    if (this.#job?.id !== job) return;
    this.#credits.abort();
    this.#post({ kind: "abort", job, reason });
  }

  async terminate(): Promise<void> {
    this.#alive = false;
    await this.#worker.terminate();
  }

  /** Lets the worker close its database, then stops it (forcibly after `ms`). */
  async close(ms = 2000): Promise<void> {
    if (!this.#alive) return;
    const exited = new Promise<void>((resolve) => {
      this.#worker.once("exit", () => {
        resolve();
      });
    });
    this.#post({ kind: "close" });
    const timer = setTimeout(() => void this.terminate(), ms);
    await exited;
    clearTimeout(timer);
  }

  #post(message: ParentToWorker): void {
    this.#worker.postMessage(message);
  }

  #receive(message: WorkerToParent): void {
    const job = this.#job;
    switch (message.kind) {
      case "ready":
      case "init-failed":
        return;
      case "message":
        if (job?.id === message.job) job.events.message(message.body);
        return;
      case "writing":
        if (job?.id === message.job) {
          this.#holdsWrites = true;
          this.#onChange();
        }
        return;
      case "request":
        if (job?.id !== message.job) return;
        job.events.request(message.body).then(
          (value) => {
            this.#post({ kind: "reply", request: message.request, ok: true, value });
          },
          (error: unknown) => {
            const payload: ErrorPayload = toErrorPayload(error, HandlerFailed.code);
            this.#post({ kind: "reply", request: message.request, ok: false, error: payload });
          },
        );
        return;
      case "done":
        if (job?.id === message.job) this.#end(message.outcome);
        return;
    }
  }

  #end(outcome: JobOutcome): void {
    const job = this.#job;
    this.#job = undefined;
    if (this.#holdsWrites) {
      this.#holdsWrites = false;
      this.#onChange();
    }
    job?.finish(outcome);
  }
}
