/** Whether an error (or one of its causes) is SQLite's "database is locked". */
export function isBusyError(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (code === "SQLITE_BUSY" || code === "SQLITE_LOCKED") return true;
    if (/database is locked|SQLITE_BUSY/i.test(current.message)) return true;
    current = current.cause;
  }
  return false;
}

/** Runs `work`, retrying with growing pauses (never a blocking wait) while SQLite is busy. */
export async function retryWhileBusy<T>(work: () => Promise<T>, attempts = 60): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isBusyError(error) || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(25 * 2 ** attempt, 1000)));
    }
  }
}
