import type { FilterInput } from "../../../engines/storage/records/record-store.js";

/** A parsed query string: Fastify gives repeated keys as arrays, typed keys as numbers. */
export type QueryValues = Readonly<Record<string, unknown>>;

function asStrings(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap(asStrings);
  if (typeof value === "string") return [value];
  return [JSON.stringify(value)];
}

/** `fields=a,b&fields=c` and `fields=a,b,c` alike: every non-empty comma-separated item. */
export function listParameter(query: QueryValues, name: string): string[] | undefined {
  if (query[name] === undefined) return undefined;
  return asStrings(query[name])
    .flatMap((text) => text.split(","))
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

/** A parameter the route schema types as a single string or number. */
export function textParameter(query: QueryValues, name: string): string | undefined {
  const value = query[name];
  return value === undefined ? undefined : asStrings(value).join(",");
}

export function numberParameter(query: QueryValues, name: string): number | undefined {
  const value = query[name];
  return typeof value === "number" ? value : undefined;
}

/**
 * Every key that is not a named parameter is a `path__op=value` filter; a repeated key
 * gives one filter per value, all ANDed. Values stay text: the store parses them.
 */
export function filterInputs(query: QueryValues, reserved: ReadonlySet<string>): FilterInput[] {
  const filters: FilterInput[] = [];
  for (const [path, value] of Object.entries(query)) {
    if (reserved.has(path)) continue;
    for (const text of asStrings(value)) filters.push({ path, value: text });
  }
  return filters;
}

/** Drops undefined entries, so option objects suit `exactOptionalPropertyTypes`. */
export function definedOnly<T extends object>(
  value: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
