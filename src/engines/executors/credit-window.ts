/**
 * Backpressure for the messages a handler emits. `ctx.info()` is synchronous, so the
 * only way to slow a handler that out-talks its reader is to block its thread: the
 * worker counts what it sent, the parent stores how many it has released (read and
 * recorded), and the worker waits on the shared counter while `window` messages are
 * outstanding. Blocking is fine in a worker thread; an abort sets a flag that ends the
 * wait so the handler can see its signal.
 */
const RELEASED = 0;
const ABORTED = 1;

export function createCredits(): SharedArrayBuffer {
  return new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
}

/** The parent's side: reset per job, release as messages are consumed, wake on abort. */
export class CreditGrantor {
  readonly #cells: Int32Array;

  constructor(buffer: SharedArrayBuffer) {
    this.#cells = new Int32Array(buffer);
  }

  reset(): void {
    Atomics.store(this.#cells, RELEASED, 0);
    Atomics.store(this.#cells, ABORTED, 0);
  }

  release(count: number): void {
    if (count > Atomics.load(this.#cells, RELEASED)) {
      Atomics.store(this.#cells, RELEASED, count);
      Atomics.notify(this.#cells, RELEASED);
    }
  }

  abort(): void {
    Atomics.store(this.#cells, ABORTED, 1);
    Atomics.notify(this.#cells, RELEASED);
  }
}

/** The worker's side: call `beforeSend()` before posting each message of the job. */
export class CreditWindow {
  readonly #cells: Int32Array;
  readonly #window: number;
  #sent = 0;

  constructor(buffer: SharedArrayBuffer, window: number) {
    this.#cells = new Int32Array(buffer);
    this.#window = window;
  }

  /** Starts a job's count; the parent resets its counters before it posts the job. */
  reset(): void {
    this.#sent = 0;
  }

  beforeSend(): void {
    for (;;) {
      const released = Atomics.load(this.#cells, RELEASED);
      if (this.#sent - released < this.#window || Atomics.load(this.#cells, ABORTED) === 1) break;
      Atomics.wait(this.#cells, RELEASED, released, 1000);
    }
    this.#sent += 1;
  }
}
