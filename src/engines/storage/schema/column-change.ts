import type { ColumnSchema, ColumnType } from "./schema-types.js";

/**
 * How changing a column's type or nullability can lose values. Measuring counts the
 * rows each kind affects; applying (when allowed) truncates strings and fills NULLs.
 */
export type Narrowing =
  /** Non-null values longer than `maxLength` characters. */
  | { readonly kind: "length"; readonly maxLength: number }
  /** Numbers outside `±limit` or with more than `scale` digits after the point. */
  | { readonly kind: "range"; readonly limit: number; readonly scale: number }
  /** Every non-null value: the types do not convert. */
  | { readonly kind: "incompatible" };

export interface ColumnChange {
  readonly type: boolean;
  readonly nullable: boolean;
  readonly default: boolean;
  readonly narrowing?: Narrowing;
  /** NULL values must be filled because the column becomes NOT NULL. */
  readonly fillsNulls: boolean;
  readonly destructive?: string;
}

const INTEGER_LIMIT = 2 ** 31;
const BIGINT_LIMIT = 2 ** 63;

/** Digits before the decimal point a column can hold (Infinity when unbounded). */
function integerDigits(column: ColumnSchema): number {
  if (column.type === "integer") return 10;
  if (column.type === "bigint") return 19;
  if (column.type === "decimal") return (column.precision ?? 0) - (column.scale ?? 0);
  return Infinity;
}

export function nativeTypeLabel(column: ColumnSchema): string {
  if (column.type === "string") return `string(${String(column.maxLength ?? "")})`;
  if (column.type === "decimal") {
    return `decimal(${String(column.precision ?? "")},${String(column.scale ?? "")})`;
  }
  return column.type;
}

const NUMERIC: ReadonlySet<ColumnType> = new Set(["integer", "bigint", "float", "decimal"]);
const TEXTUAL_SOURCES: ReadonlySet<ColumnType> = new Set([
  "string",
  "text",
  "integer",
  "bigint",
  "float",
  "decimal",
  "boolean",
  "date",
  "datetime",
  "time",
  "uuid",
]);

/** What converting `from` to `to` can lose, or undefined when every value survives. */
export function typeNarrowing(from: ColumnSchema, to: ColumnSchema): Narrowing | undefined {
  if (to.type === "text" && TEXTUAL_SOURCES.has(from.type)) return undefined;
  if (to.type === "string") {
    const max = to.maxLength ?? Infinity;
    if (from.type === "string")
      return max >= (from.maxLength ?? Infinity) ? undefined : { kind: "length", maxLength: max };
    if (from.type === "text") return { kind: "length", maxLength: max };
    if (from.type === "uuid") return max >= 36 ? undefined : { kind: "length", maxLength: max };
    return { kind: "incompatible" };
  }
  if (from.type === to.type && to.type !== "decimal") return undefined;
  if (NUMERIC.has(from.type) && NUMERIC.has(to.type)) {
    if (to.type === "float") return undefined;
    const toScale = to.type === "decimal" ? (to.scale ?? 0) : 0;
    const fromScale =
      from.type === "decimal" ? (from.scale ?? 0) : from.type === "float" ? Infinity : 0;
    const fits = integerDigits(to) >= integerDigits(from) && toScale >= fromScale;
    if (fits) return undefined;
    const limit =
      to.type === "integer"
        ? INTEGER_LIMIT
        : to.type === "bigint"
          ? BIGINT_LIMIT
          : 10 ** integerDigits(to);
    return { kind: "range", limit, scale: toScale };
  }
  if (from.type === "boolean" && (to.type === "integer" || to.type === "bigint")) return undefined;
  if (from.type === "date" && to.type === "datetime") return undefined;
  return { kind: "incompatible" };
}

function describeNarrowing(from: ColumnSchema, to: ColumnSchema, narrowing: Narrowing): string {
  const change = `${nativeTypeLabel(from)} to ${nativeTypeLabel(to)}`;
  switch (narrowing.kind) {
    case "length":
      return `narrows ${change}; longer values are truncated`;
    case "range":
      return `narrows ${change}; values out of range are lost`;
    case "incompatible":
      return `changes type ${change}; values may not convert`;
  }
}

function sameDefault(a: ColumnSchema, b: ColumnSchema): boolean {
  return a.default === b.default;
}

/** The differences between two columns of the same name, or undefined when none matter. */
export function compareColumns(from: ColumnSchema, to: ColumnSchema): ColumnChange | undefined {
  const type =
    from.type !== to.type ||
    (to.type === "string" && from.maxLength !== to.maxLength) ||
    (to.type === "decimal" && (from.precision !== to.precision || from.scale !== to.scale));
  const nullable = from.nullable !== to.nullable;
  const defaultChanged = !sameDefault(from, to);
  if (!type && !nullable && !defaultChanged) return undefined;
  const narrowing = type ? typeNarrowing(from, to) : undefined;
  const fillsNulls = nullable && !to.nullable;
  const reasons: string[] = [];
  if (narrowing !== undefined) reasons.push(describeNarrowing(from, to, narrowing));
  if (fillsNulls && to.default === undefined)
    reasons.push("makes the column NOT NULL without a default");
  return {
    type,
    nullable,
    default: defaultChanged,
    fillsNulls,
    ...(narrowing === undefined ? {} : { narrowing }),
    ...(reasons.length === 0 ? {} : { destructive: reasons.join("; ") }),
  };
}
