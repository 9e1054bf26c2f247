import type { KeyringSources } from "../crypto/load-keyring.js";
import type { ErrorPayload, MessageBody } from "../../foundations/message.js";

/**
 * The messages between the isolate pool (parent thread) and an isolate (worker thread).
 * Everything here is structured-clone data: the two sides share no objects.
 */

/** What a worker needs to open its own database and spec; passed as `workerData`. */
export interface IsolateWorkerData {
  readonly projectDir: string;
  readonly databaseUrl: string;
  /** Where the keyring comes from, for handlers' reads and writes of encrypted fields. */
  readonly keys: KeyringSources;
  /** Flow control shared with the parent (see credit-window.ts). */
  readonly credits: SharedArrayBuffer;
  /** Messages a job may send ahead of the parent's releases before it pauses. */
  readonly window: number;
  /** True when the bootstrap already registered tsx (entry run from src/). */
  readonly loaderRegistered: boolean;
}

/** One handler run as the worker sees it. */
export interface IsolateJob {
  readonly id: number;
  readonly execution: string;
  readonly user: string;
  readonly handler: { readonly file: string; readonly export: string };
  /** Validated parameters, already camelCased. */
  readonly parameters: Readonly<Record<string, unknown>>;
}

export type AbortReason = "abort" | "timeout";

export type ParentToWorker =
  | { readonly kind: "run"; readonly job: IsolateJob }
  | { readonly kind: "abort"; readonly job: number; readonly reason: AbortReason }
  | {
      readonly kind: "reply";
      readonly request: number;
      readonly ok: boolean;
      readonly value?: unknown;
      readonly error?: ErrorPayload;
    }
  | { readonly kind: "close" };

/** A request a handler makes of the parent: run another command (`ctx.run`). */
export interface IsolateRequest {
  readonly op: "run";
  readonly command: string;
  readonly parameters: Readonly<Record<string, unknown>>;
}

export type JobOutcome =
  | { readonly status: "success"; readonly result: unknown }
  | { readonly status: "failed" | "aborted"; readonly error: ErrorPayload };

export type WorkerToParent =
  | { readonly kind: "ready" }
  | { readonly kind: "init-failed"; readonly error: ErrorPayload }
  | { readonly kind: "message"; readonly job: number; readonly body: MessageBody }
  | { readonly kind: "writing"; readonly job: number }
  | {
      readonly kind: "request";
      readonly job: number;
      readonly request: number;
      readonly body: IsolateRequest;
    }
  | { readonly kind: "done"; readonly job: number; readonly outcome: JobOutcome };
