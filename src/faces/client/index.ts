/**
 * The TypeScript client of a Cairn server: `import { CairnClient } from "cairn/client"`.
 * Only `fetch` and web streams: it runs in Node.js and in browsers alike.
 */
export { CairnClient } from "./cairn-client.js";
export type {
  CairnClientOptions,
  CommandParameters,
  CreatedSchedule,
  RunOptions,
  ScheduleOptions,
} from "./cairn-client.js";
export { CairnApiError, isCairnApiError } from "./cairn-api-error.js";
export { CairnClientError, isCairnClientError } from "./cairn-client-error.js";
export { isLoopbackHost } from "./transport-security.js";
export { CommandRun } from "./command-run.js";
export type { StatusMessage } from "./command-run.js";
export { ExecutionHandle } from "./execution-handle.js";
export type { AbortAnswer, FollowOptions } from "./execution-handle.js";
export { DataModel } from "./data-model.js";
export type {
  FilterValue,
  Page,
  PageOptions,
  QueryOptions,
  Row,
  SaveOptions,
} from "./data-model.js";
export type { CommandDescription, ParameterSchema } from "./command-description.js";
export type { StreamFormat } from "./message-stream.js";
export type {
  ErrorPayload,
  ExecutionStatus,
  FinalStatus,
  Message,
  MessageBody,
  MessageType,
  TextMessageType,
} from "../../foundations/message.js";
