/**
 * Group commit for the execution log's hot writes. Requests made while a batch is in
 * flight wait and go out together in the next one, so an idle worker writes at once
 * (no timer, no added latency) and a busy one writes many executions' rows per round
 * trip instead of one each. When a batch fails, each of its requests is tried on its
 * own, so one bad row never fails the others.
 */
export class WriteCoalescer<Input, Output> {
  readonly #batch: (inputs: readonly Input[]) => Promise<readonly Output[]>;
  readonly #single: (input: Input) => Promise<Output>;
  readonly #maxBatch: number;
  #pending: {
    input: Input;
    resolve: (output: Output) => void;
    reject: (error: unknown) => void;
  }[] = [];
  #flushing = false;

  /**
   * `batch` answers one output per input, in order; `single` writes one input alone
   * (the fallback, and the path for a batch of one).
   */
  constructor(
    batch: (inputs: readonly Input[]) => Promise<readonly Output[]>,
    single: (input: Input) => Promise<Output>,
    maxBatch = 200,
  ) {
    this.#batch = batch;
    this.#single = single;
    this.#maxBatch = maxBatch;
  }

  run(input: Input): Promise<Output> {
    return new Promise<Output>((resolve, reject) => {
      this.#pending.push({ input, resolve, reject });
      if (!this.#flushing) {
        this.#flushing = true;
        // Requests made in the same tick share the first batch.
        queueMicrotask(() => void this.#flush());
      }
    });
  }

  async #flush(): Promise<void> {
    while (this.#pending.length > 0) {
      const taken = this.#pending.splice(0, this.#maxBatch);
      if (taken.length === 1) {
        const [only] = taken;
        if (only !== undefined) await this.#single(only.input).then(only.resolve, only.reject);
        continue;
      }
      try {
        const outputs = await this.#batch(taken.map((entry) => entry.input));
        for (const [index, entry] of taken.entries()) entry.resolve(outputs[index] as Output);
      } catch {
        await Promise.all(
          taken.map((entry) => this.#single(entry.input).then(entry.resolve, entry.reject)),
        );
      }
    }
    this.#flushing = false;
  }
}
