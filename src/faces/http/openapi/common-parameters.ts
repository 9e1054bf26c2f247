import { DEFAULT_PAGE_SIZE } from "../../../engines/storage/data/index.js";
import type { JsonObject } from "./json-schema.js";

function query(name: string, schema: JsonObject, description: string): JsonObject {
  return { name, in: "query", required: false, description, schema };
}

/** The named (non-filter) parameters of data routes, shared as components. */
export function commonParameters(maxPageSize: number): Record<string, JsonObject> {
  return {
    filter: query(
      "filter",
      { type: "string" },
      "Boolean filter expression: `or(a__gt=1,and(b=2,not(c__isnull=true)))`.",
    ),
    order: query("order", { type: "string" }, "Ordering: `-a,b:nullslast`."),
    fields: query("fields", { type: "string" }, "Fields to return: `a,rel__b` (nested)."),
    limit: query(
      "limit",
      { type: "integer", minimum: 0, maximum: maxPageSize, default: DEFAULT_PAGE_SIZE },
      "Rows per page.",
    ),
    offset: query("offset", { type: "integer", minimum: 0 }, "Rows to skip."),
    cursor: query("cursor", { type: "string" }, "Keyset cursor from a previous `next` URL."),
    count: query(
      "count",
      { type: "string", enum: ["exact", "estimate", "none"], default: "exact" },
      "How to count matching rows.",
    ),
    group: query("group", { type: "string" }, "Paths to group by: `station,date__year`."),
    agg: query(
      "agg",
      { type: "string", default: "count:*" },
      "Aggregates: `count:*,sum:temp,avg:temp,min:date,max:temp,count_distinct:station`.",
    ),
    having: query("having", { type: "string" }, "Filter on aggregate outputs: `count__gt=10`."),
    on_conflict: query(
      "on_conflict",
      { type: "string", enum: ["error", "update"], default: "error" },
      "What an existing natural key does: refuse the batch, or update the row.",
    ),
    id: {
      name: "id",
      in: "path",
      required: true,
      description: "The row's id.",
      schema: { type: "integer" },
    },
  };
}
