export type {
  ConsumeOptions,
  EnqueueOptions,
  JobConsumer,
  JobSink,
  JobSource,
  QueuedJob,
  QueueTransport,
} from "./queue-transport.js";
export { createBullmqTransport, type BullmqTransportOptions } from "./bullmq-transport.js";
export { bullmqQueueName, DEFAULT_PREFIX, jobIdOf } from "./job-ids.js";
export type { StalledSettings } from "./bullmq-consumer.js";
