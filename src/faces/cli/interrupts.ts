import type { SignalSource } from "./cli-io.js";

/** Exit code of a process ended by SIGINT (128 + 2). */
export const INTERRUPTED_EXIT_CODE = 130;

export interface InterruptWatch {
  /** Aborts on the first Ctrl-C; the running command sees it through RunRequest.signal. */
  readonly signal: AbortSignal;
  /** Resolves on the second Ctrl-C: stop waiting and exit at once. */
  readonly forced: Promise<typeof INTERRUPTED_EXIT_CODE>;
  readonly interrupted: () => boolean;
  dispose(): void;
}

/**
 * Ctrl-C while a command runs: the first asks the execution to abort and lets it wind
 * down (its status and messages still arrive); a second one gives up waiting.
 */
export function watchInterrupts(
  signals: SignalSource | undefined,
  onFirst: () => void,
): InterruptWatch {
  const controller = new AbortController();
  let count = 0;
  let force: (code: typeof INTERRUPTED_EXIT_CODE) => void = () => undefined;
  const forced = new Promise<typeof INTERRUPTED_EXIT_CODE>((resolve) => {
    force = resolve;
  });
  const listener = (): void => {
    count++;
    if (count === 1) {
      onFirst();
      controller.abort();
    } else {
      force(INTERRUPTED_EXIT_CODE);
    }
  };
  signals?.on("SIGINT", listener);
  return {
    signal: controller.signal,
    forced,
    interrupted: () => count > 0,
    dispose: () => signals?.off("SIGINT", listener),
  };
}
