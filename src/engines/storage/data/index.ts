/** The data API's queries: pages with counts and cursors, values, aggregates, exports, writes by id. */
export { createDataQueries } from "./create-data-queries.js";
export { DEFAULT_LIMITS, type DataLimits } from "./data-limits.js";
export { DEFAULT_PAGE_SIZE } from "./paging-options.js";
export type {
  AggregateOptions,
  CountMode,
  DataQueries,
  Page,
  PageOptions,
  ValueCount,
  ValuesOptions,
  WriteOptions,
} from "../records/data-queries.js";
