/** Records: reading and writing model rows by the spec, and the value codecs they use. */
export { createRecordStore } from "./create-record-store.js";
export { notFound } from "./read-records.js";
export {
  rowKeyLabel,
  type ChangeAction,
  type ChangeObserver,
  type RowChange,
} from "./row-change.js";
export type {
  FilterInput,
  ListOptions,
  RecordKey,
  RecordRow,
  RecordStore,
  SaveResult,
} from "./record-store.js";
export { codecFor } from "./codecs/codec-for.js";
export type { FieldCodec, FieldValue } from "./codecs/field-codec.js";
export { checkConstraints } from "./codecs/check-constraints.js";
export { ValueError } from "./codecs/value-error.js";
export { parseDuration } from "./codecs/duration-codec.js";
export { parseInstant } from "./codecs/temporal-codecs.js";
export { parseBoolean } from "./codecs/boolean-codec.js";
export { parseFieldValue } from "./field-values.js";
