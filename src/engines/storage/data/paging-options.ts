import { QueryBadValue } from "../../../foundations/error-codes.js";
import type { CountMode, PageOptions } from "../records/data-queries.js";

/** Page size when none is given (DESIGN.md section 6). */
export const DEFAULT_PAGE_SIZE = 50;

const COUNT_MODES: readonly CountMode[] = ["exact", "estimate", "none"];

function badPaging(problem: string, hint: string, parameter: string): never {
  throw QueryBadValue.create(problem, { hint, details: { parameter } });
}

/** A non-negative whole number, or undefined when not given. */
export function wholeNumber(value: number | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value < 0) {
    badPaging(
      `${name} must be a whole number of 0 or more, not ${String(value)}`,
      `Give ${name}=0 or more.`,
      name,
    );
  }
  return value;
}

export interface Paging {
  readonly limit: number;
  readonly offset: number | undefined;
  readonly cursor: string | undefined;
  readonly count: CountMode;
}

/** Checks limit, offset, cursor and count together: a cursor and an offset exclude each other. */
export function pagingOf(options: PageOptions): Paging {
  const limit = wholeNumber(options.limit, "limit") ?? DEFAULT_PAGE_SIZE;
  const offset = wholeNumber(options.offset, "offset");
  if (options.cursor !== undefined && offset !== undefined) {
    badPaging(
      "cursor and offset cannot be used together",
      "Page with the cursor from the previous page's next link, or with offset, not both.",
      "cursor",
    );
  }
  const count = options.count ?? "exact";
  if (!COUNT_MODES.includes(count)) {
    badPaging(
      `count must be one of ${COUNT_MODES.join(", ")}, not ${JSON.stringify(count)}`,
      "Use count=exact, count=estimate or count=none.",
      "count",
    );
  }
  return { limit, offset, cursor: options.cursor, count };
}
