import type { FieldType } from "../../../spec/field-types.js";

/** Filter operators of DESIGN.md section 6, in the order error messages list them. */
export const OPERATORS = [
  "eq",
  "ne",
  "lt",
  "lte",
  "gt",
  "gte",
  "in",
  "notin",
  "contains",
  "icontains",
  "startswith",
  "istartswith",
  "endswith",
  "iendswith",
  "isnull",
  "range",
  "regex",
] as const;

export type Operator = (typeof OPERATORS)[number];

export function isOperator(name: string): name is Operator {
  return (OPERATORS as readonly string[]).includes(name);
}

/** Text matching operators: a substring, prefix or suffix, with or without case. */
export const TEXT_MATCH = {
  contains: { anchor: "contains", caseInsensitive: false },
  icontains: { anchor: "contains", caseInsensitive: true },
  startswith: { anchor: "start", caseInsensitive: false },
  istartswith: { anchor: "start", caseInsensitive: true },
  endswith: { anchor: "end", caseInsensitive: false },
  iendswith: { anchor: "end", caseInsensitive: true },
} as const;

export type TextMatchOperator = keyof typeof TEXT_MATCH;
export type TextAnchor = (typeof TEXT_MATCH)[TextMatchOperator]["anchor"];

export function isTextMatch(operator: Operator): operator is TextMatchOperator {
  return operator in TEXT_MATCH;
}

const EQUALITY: readonly Operator[] = ["eq", "ne", "in", "notin", "isnull"];
const ORDERED: readonly Operator[] = [...EQUALITY, "lt", "lte", "gt", "gte", "range"];
const TEXTUAL: readonly Operator[] = [
  ...ORDERED,
  "contains",
  "icontains",
  "startswith",
  "istartswith",
  "endswith",
  "iendswith",
  "regex",
];

/**
 * Which operators apply to a type. A date transform's result counts as `integer`.
 * JSON only tests containment and null; binary and booleans only equality.
 */
export function operatorsFor(type: FieldType): readonly Operator[] {
  switch (type) {
    case "string":
    case "text":
      return TEXTUAL;
    case "integer":
    case "bigint":
    case "float":
    case "decimal":
    case "date":
    case "datetime":
    case "time":
    case "duration":
      return ORDERED;
    case "boolean":
    case "uuid":
    case "binary":
      return EQUALITY;
    case "json":
      return ["contains", "isnull"];
  }
}
