/**
 * A consumer in its own process, for tests that kill one: consumes with the transport
 * options given as JSON in argv[2], prints `start <execution>` for each job, and runs
 * each for argv[3] milliseconds before printing `done <execution>`.
 */
import { createBullmqTransport } from "../../../src/engines/executors/queue/index.js";

const options = JSON.parse(process.argv[2] ?? "{}") as {
  url: string;
  prefix: string;
  lockDurationMs: number;
  stalledIntervalMs: number;
};
const runMs = Number(process.argv[3] ?? "0");
const transport = createBullmqTransport(options);
transport.consume({ queues: ["default"], concurrency: 4 }, async (job) => {
  process.stdout.write(`start ${job.execution}\n`);
  await new Promise((resolve) => setTimeout(resolve, runMs));
  process.stdout.write(`done ${job.execution}\n`);
});
process.stdout.write("ready\n");
