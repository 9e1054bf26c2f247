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
export type { MessageStreams } from "./message-streams.js";
export {
  createRedisMessageStreams,
  STREAM_DEFAULTS,
  type RedisMessageStreamOptions,
} from "./redis-message-stream.js";
