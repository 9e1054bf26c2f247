/** A read the pool stopped at its time limit (by terminating the thread running it). */
export class ReadTimeout extends Error {
  constructor(readonly timeoutMs: number) {
    super(`the read ran longer than ${String(timeoutMs)} ms and its thread was stopped`);
    this.name = "ReadTimeout";
  }
}

export function isReadTimeout(error: unknown): error is ReadTimeout {
  return error instanceof ReadTimeout;
}
