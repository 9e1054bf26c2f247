/** The part of autocannon's API the benchmarks use (the package ships no types). */
declare module "autocannon" {
  interface Options {
    readonly url: string;
    readonly connections?: number;
    readonly duration?: number;
    readonly headers?: Readonly<Record<string, string>>;
    /** Worker threads that generate the load, off the caller's event loop. */
    readonly workers?: number;
  }

  interface Histogram {
    readonly average: number;
    readonly p50: number;
    readonly p99: number;
  }

  interface Result {
    readonly duration: number;
    readonly errors: number;
    readonly timeouts: number;
    readonly non2xx: number;
    readonly requests: Histogram & { readonly total: number };
    readonly latency: Histogram;
  }

  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
