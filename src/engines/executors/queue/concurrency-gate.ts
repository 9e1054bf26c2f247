/**
 * At most `limit` holders at once, first come first served: one consumer's
 * concurrency shared by the BullMQ workers of its queues.
 */
export class ConcurrencyGate {
  private held = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.held >= this.limit) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.held += 1;
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next === undefined) this.held -= 1;
      else next();
    }
  }
}
