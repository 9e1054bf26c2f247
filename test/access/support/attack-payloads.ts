import type { Caller } from "./callers.js";
import { command, commandAsForm, type Call } from "./http-calls.js";

/** The usual attack strings: SQL meta-characters, traversal, encodings, sizes and odd text. */
export const PAYLOADS: readonly string[] = [
  "' OR 1=1 --",
  '" OR ""="',
  "'; DROP TABLE document; --",
  '"; DROP TABLE document; --',
  "1; DELETE FROM token",
  "1 UNION SELECT hash FROM token",
  "') OR ('a'='a",
  "\\'; --",
  "%27",
  "%27%20OR%201%3D1",
  "%",
  "_",
  "*",
  "../../etc/passwd",
  "..%2F..%2Fetc%2Fpasswd",
  "..\\..\\windows\\win.ini",
  "/etc/passwd",
  "or(",
  "or(name=a,and(",
  ")))",
  "name__secret",
  "owner__tokens__hash",
  "-1",
  "99999999999999999999",
  "1e309",
  "NaN",
  "null",
  '{"$gt": ""}',
  "😀 𝔘ñíçødé \u202e",
  "x".repeat(5000),
];

/** NUL characters, which PostgreSQL refuses in text: kept apart (see attacks.test.ts). */
export const NUL_PAYLOADS: readonly string[] = ["\u0000", "a\u0000b"];

const q = encodeURIComponent;

/** One place a payload goes: who sends it and the request it makes. */
export interface Target {
  readonly name: string;
  readonly caller: Caller;
  make(payload: string): Call;
}

/** Every filter key and value, parameter and path segment of the data API, as ann reads. */
export const DATA_TARGETS: readonly Target[] = [
  { name: "name=", caller: "ann", make: (p) => ({ url: `/data/document?name=${q(p)}` }) },
  {
    name: "name__contains=",
    caller: "ann",
    make: (p) => ({ url: `/data/document?name__contains=${q(p)}` }),
  },
  {
    name: "body__icontains= & order",
    caller: "ann",
    make: (p) => ({ url: `/data/document?body__icontains=${q(p)}&order=-name` }),
  },
  { name: "name__in=", caller: "ann", make: (p) => ({ url: `/data/document?name__in=${q(p)}` }) },
  {
    name: "name__regex=",
    caller: "ann",
    make: (p) => ({ url: `/data/document?name__regex=${q(p)}` }),
  },
  {
    name: "created__year=",
    caller: "ann",
    make: (p) => ({ url: `/data/document?created__year=${q(p)}` }),
  },
  { name: "owner=", caller: "ann", make: (p) => ({ url: `/data/document?owner=${q(p)}` }) },
  { name: "groups=", caller: "ann", make: (p) => ({ url: `/data/document?groups=${q(p)}` }) },
  { name: "id=", caller: "ann", make: (p) => ({ url: `/data/document?id=${q(p)}` }) },
  { name: "a filter key", caller: "ann", make: (p) => ({ url: `/data/document?${q(p)}=1` }) },
  { name: "an operator", caller: "ann", make: (p) => ({ url: `/data/document?name__${q(p)}=1` }) },
  { name: "filter=", caller: "ann", make: (p) => ({ url: `/data/document?filter=${q(p)}` }) },
  {
    name: "filter=or(...)",
    caller: "ann",
    make: (p) => ({ url: `/data/document?filter=${q(`or(name=${p},body__startswith=${p})`)}` }),
  },
  { name: "order=", caller: "ann", make: (p) => ({ url: `/data/document?order=${q(p)}` }) },
  { name: "fields=", caller: "ann", make: (p) => ({ url: `/data/document?fields=${q(p)}` }) },
  { name: "cursor=", caller: "ann", make: (p) => ({ url: `/data/document?cursor=${q(p)}` }) },
  { name: "limit=", caller: "ann", make: (p) => ({ url: `/data/document?limit=${q(p)}` }) },
  {
    name: "count filter",
    caller: "ann",
    make: (p) => ({ url: `/data/document/count?name__startswith=${q(p)}` }),
  },
  { name: "values path", caller: "ann", make: (p) => ({ url: `/data/document/values/${q(p)}` }) },
  {
    name: "values filter=",
    caller: "ann",
    make: (p) => ({ url: `/data/document/values/name?filter=${q(p)}` }),
  },
  {
    name: "aggregate group=",
    caller: "ann",
    make: (p) => ({ url: `/data/document/aggregate?group=${q(p)}` }),
  },
  {
    name: "aggregate agg=",
    caller: "ann",
    make: (p) => ({ url: `/data/document/aggregate?agg=${q(p)}` }),
  },
  {
    name: "aggregate having=",
    caller: "ann",
    make: (p) => ({ url: `/data/document/aggregate?group=name&having=${q(p)}` }),
  },
  { name: "csv filter", caller: "ann", make: (p) => ({ url: `/data/document.csv?name=${q(p)}` }) },
  {
    name: "ndjson fields",
    caller: "ann",
    make: (p) => ({ url: `/data/document.ndjson?fields=${q(p)}` }),
  },
  { name: "an id", caller: "ann", make: (p) => ({ url: `/data/document/${q(p)}` }) },
  { name: "a model", caller: "ann", make: (p) => ({ url: `/data/${q(p)}` }) },
  { name: "a model export", caller: "ann", make: (p) => ({ url: `/data/${q(p)}.csv` }) },
  {
    name: "a sub-path",
    caller: "ann",
    make: (p) => ({ url: `/data/document/${q(p)}/values` }),
  },
  {
    name: "a public model, anonymously",
    caller: "anonymous",
    make: (p) => ({ url: `/data/notice?title__contains=${q(p)}&order=${q(p)}` }),
  },
  {
    name: "PATCH of a missing row",
    caller: "eve",
    make: (p) => ({
      method: "PATCH",
      url: "/data/document/987654",
      payload: { body: p, name: p, owner: p, groups: [p] },
    }),
  },
  {
    name: "POST of an unknown field",
    caller: "eve",
    make: (p) => ({ method: "POST", url: "/data/document", payload: { [p]: p } }),
  },
  {
    name: "POST on_conflict=",
    caller: "eve",
    make: (p) => ({ method: "POST", url: `/data/document?on_conflict=${q(p)}`, payload: [] }),
  },
  {
    name: "a refused write",
    caller: "ann",
    make: (p) => ({ method: "POST", url: "/data/document", payload: { name: p, body: p } }),
  },
];

/** Command paths and parameters of the command API, JSON and form (as `cairn --host` sends). */
export const COMMAND_TARGETS: readonly Target[] = [
  {
    name: "a command path",
    caller: "ann",
    make: (p) => ({ method: "POST", url: `/command/${q(p)}`, payload: {} }),
  },
  {
    name: "a resource action",
    caller: "ann",
    make: (p) => ({ method: "POST", url: `/command/document/${q(p)}`, payload: {} }),
  },
  { name: "list name=", caller: "ann", make: (p) => command("document list", { name: p }) },
  { name: "list filter key", caller: "ann", make: (p) => command("document list", { [p]: "x" }) },
  {
    name: "list order, fields, filter",
    caller: "ann",
    make: (p) => command("document list", { order: [p], fields: [p], filter: p }),
  },
  { name: "get key", caller: "ann", make: (p) => command("document get", { key: p }) },
  {
    name: "--host list",
    caller: "ann",
    make: (p) => commandAsForm("document list", { body__contains: p, order: p, limit: p }),
  },
  {
    name: "parameter and run options",
    caller: "nora",
    make: (p) => command("hello", { text: p, _priority: p, _lock_wait: p, _schedule: p }),
  },
  { name: "remove key", caller: "eve", make: (p) => command("document remove", { key: p }) },
  {
    name: "clear without --force",
    caller: "eve",
    make: (p) => command("document clear", { name: p }),
  },
  {
    name: "an execution id",
    caller: "ann",
    make: (p) => ({ url: `/command/executions/${q(p)}/stream` }),
  },
];

/** Paths that try to climb out of their API, sent as they are (not encoded again). */
export const TRAVERSALS: readonly Call[] = [
  { url: "/data/../command" },
  { url: "/data/document/../../command" },
  { url: "/data/%2e%2e/%2e%2e/etc/passwd" },
  { url: "/data/..%2f..%2fetc%2fpasswd" },
  { url: "/data/document%00" },
  { url: "/data/document%2F..%2Ftoken" },
  { url: "//data//token" },
  { url: "/data/./token" },
  { url: "/data/token/../document" },
  { method: "POST", url: "/command/../data/document", payload: {} },
  { method: "POST", url: "/command/%2e%2e/%2e%2e/etc/passwd", payload: {} },
  { method: "POST", url: "/command/db%2Fmigrate", payload: {} },
  { method: "POST", url: "/command/db/migrate", payload: {} },
  { method: "POST", url: "/command/document/../user/token", payload: { key: "ann" } },
  { method: "POST", url: "/command/document/list/../../user/token", payload: { key: "ann" } },
  { method: "POST", url: "/command//user//token", payload: { key: "boss" } },
  { method: "POST", url: "/command/executions/1/../../user/token", payload: { key: "boss" } },
  { method: "PUT", url: "/data/document" },
  { method: "DELETE", url: "/data/document" },
];
