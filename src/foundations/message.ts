/**
 * The typed messages a running command emits (DESIGN.md section 6). Every face renders
 * the same messages: the CLI as text, tables and progress bars, the command API as
 * NDJSON lines.
 */
export type TextMessageType = "info" | "notice" | "success" | "warning" | "error";

export const EXECUTION_STATUSES = [
  "queued",
  "running",
  "success",
  "failed",
  "aborted",
  "lost",
] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];
export type FinalStatus = "success" | "failed" | "aborted";

export interface ErrorPayload {
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  /** The original stack of an error thrown by user code. */
  readonly stack?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export type MessageBody =
  | { readonly type: TextMessageType; readonly text: string; readonly error?: ErrorPayload }
  | { readonly type: "data"; readonly value: unknown }
  | {
      readonly type: "table";
      readonly rows: readonly Readonly<Record<string, unknown>>[];
      readonly columns?: readonly string[];
    }
  | {
      readonly type: "progress";
      readonly done: number;
      readonly total: number;
      readonly label?: string;
    }
  | {
      readonly type: "status";
      readonly status: FinalStatus;
      readonly error?: ErrorPayload;
      /** The command's return value when it succeeded (omitted when undefined). */
      readonly result?: unknown;
    };

export type MessageType = MessageBody["type"];

/** A message as stored and streamed: its body plus where it belongs. */
export type Message = MessageBody & {
  readonly execution: string;
  /** 1-based position within the execution. */
  readonly seq: number;
  /** ISO 8601 UTC. */
  readonly time: string;
};
