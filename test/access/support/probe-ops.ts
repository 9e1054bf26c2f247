import { command, commandAsForm, type Call } from "./http-calls.js";

/** One request that names a field path in some part of a query. */
export interface Probe {
  readonly name: string;
  /** Whether the path only filters (paths across a to-many relation may only filter). */
  readonly filters: boolean;
  /** `id`: a document the caller may read, for reads by id. */
  call(path: string, id: number): Call;
}

/**
 * Every part of a read that names a path: fields, filters, the boolean filter, order,
 * count, values, aggregate groups and aggregates, exports, reads by id, and the same
 * through the resource command `list` (JSON and form bodies).
 */
export const PROBES: readonly Probe[] = [
  { name: "fields", filters: false, call: (p) => ({ url: `/data/document?fields=name,${p}` }) },
  {
    name: "filter key",
    filters: true,
    call: (p) => ({ url: `/data/document?${p}__isnull=false` }),
  },
  {
    name: "filter=",
    filters: true,

    call: (p) => ({ url: `/data/document?filter=or(${p}__isnull=true,name=zz)` }),
  },
  { name: "order", filters: false, call: (p) => ({ url: `/data/document?order=-${p}` }) },
  {
    name: "count filter",
    filters: true,

    call: (p) => ({ url: `/data/document/count?${p}__isnull=false` }),
  },
  { name: "values", filters: false, call: (p) => ({ url: `/data/document/values/${p}` }) },
  {
    name: "aggregate group",
    filters: false,

    call: (p) => ({ url: `/data/document/aggregate?group=${p}` }),
  },
  {
    name: "aggregate max",
    filters: false,

    call: (p) => ({ url: `/data/document/aggregate?agg=max:${p}` }),
  },
  {
    name: "csv fields",
    filters: false,
    call: (p) => ({ url: `/data/document.csv?fields=name,${p}` }),
  },
  {
    name: "ndjson filter",
    filters: true,

    call: (p) => ({ url: `/data/document.ndjson?${p}__isnull=false` }),
  },
  {
    name: "get fields",
    filters: false,

    call: (p, id) => ({ url: `/data/document/${String(id)}?fields=name,${p}` }),
  },
  {
    name: "command list filter",
    filters: true,

    call: (p) => command("document list", { [`${p}__isnull`]: false }),
  },
  {
    name: "command list fields",
    filters: false,

    call: (p) => command("document list", { fields: ["name", p] }),
  },
  {
    name: "command list order",
    filters: false,
    call: (p) => command("document list", { order: [p] }),
  },
  {
    name: "--host list fields",
    filters: false,

    call: (p) => commandAsForm("document list", { fields: `name,${p}` }),
  },
];
