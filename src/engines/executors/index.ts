export type { CommandContext, ModelAccess } from "./handler-context.js";
export { createContext, type ContextSources } from "./create-context.js";
export { createModelAccess, readConfig } from "./model-access.js";
export { toErrorPayload, fromErrorPayload } from "./error-payload.js";
export {
  IsolatePool,
  type IsolatePoolOptions,
  type JobHandle,
  type JobOptions,
} from "./isolate-pool.js";
export type { JobEvents } from "./isolate.js";
export type { IsolateJob, IsolateRequest, JobOutcome } from "./protocol.js";
export * from "./queue/index.js";
