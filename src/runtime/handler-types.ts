/**
 * Types for handler authors, published as the `cairn/context` package export:
 * `import type { CommandContext } from "cairn/context"`.
 */
export type { CommandContext, ModelAccess } from "./command-context.js";
export type {
  FilterInput,
  ListOptions,
  RecordKey,
  RecordRow,
} from "../engines/storage/records/record-store.js";
export type { MessageBody } from "../foundations/message.js";
