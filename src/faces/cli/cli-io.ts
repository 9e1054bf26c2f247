/**
 * Everything the CLI touches outside itself, passed in so tests can run it in-process
 * with captured output and fake signals, and the real launcher can pass `process`.
 */

/** The little of a writable stream the CLI needs. */
export interface TextSink {
  write(chunk: string): unknown;
}

/** Where Ctrl-C and SIGTERM come from: `process`, or an EventEmitter in tests. */
export interface SignalSource {
  on(signal: "SIGINT" | "SIGTERM", listener: () => void): unknown;
  off(signal: "SIGINT" | "SIGTERM", listener: () => void): unknown;
}

export interface CliIo {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Whether stdout is a terminal: colours and progress bars. */
  readonly isTTY: boolean;
  /** Absent in tests that never send signals. */
  readonly signals?: SignalSource | undefined;
}
