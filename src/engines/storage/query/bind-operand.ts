import type { FieldDefinition } from "../../../spec/field-definition.js";
import type { FieldType } from "../../../spec/field-types.js";
import { QueryBadValue } from "../../../foundations/error-codes.js";
import { parseBoolean } from "../records/codecs/boolean-codec.js";
import { codecFor } from "../records/codecs/codec-for.js";
import type { FieldValue } from "../records/codecs/field-codec.js";
import { ValueError } from "../records/codecs/value-error.js";
import type { Operand } from "./bound-filter-node.js";
import type { ConditionNode } from "./filter-node.js";
import { isTextMatch, type Operator } from "./operators.js";
import type { Transform } from "./transforms.js";

function badValue(node: ConditionNode, problem: string, cause?: unknown): never {
  throw QueryBadValue.create(`bad value in filter '${node.text}': ${problem}`, {
    hint: "Lists are comma-separated (in, notin); range takes low,high; isnull takes true or false.",
    details: { filter: node.text },
    cause,
  });
}

/**
 * A pattern every backend can compile: checked here so a bad one is a 400 naming the
 * filter, not a database error. The common subset (POSIX extended, as JavaScript reads it).
 */
function checkPattern(node: ConditionNode, pattern: string): void {
  try {
    new RegExp(pattern, "u");
  } catch (error) {
    badValue(node, `not a regular expression: ${(error as Error).message}`, error);
  }
}

/** Runs a codec, turning its ValueError into CAIRN_QUERY_BAD_VALUE naming the filter. */
function typed(node: ConditionNode, field: FieldDefinition, type: FieldType, raw: unknown) {
  try {
    return codecFor(type).parse(raw, field);
  } catch (error) {
    if (error instanceof ValueError) badValue(node, error.problem, error);
    throw error;
  }
}

function items(value: unknown): readonly unknown[] {
  if (Array.isArray(value)) return value as unknown[];
  if (typeof value === "string") return value === "" ? [] : value.split(",");
  return [value];
}

/**
 * Types a filter value for its operator with the same codecs records use, so
 * `date__gte=2024-01-01` compares dates and `temp__in=1,2` compares numbers.
 */
export function bindOperand(
  node: ConditionNode,
  field: FieldDefinition,
  transform: Transform | undefined,
  operator: Operator,
): Operand {
  const type: FieldType = transform === undefined ? field.type : "integer";
  const raw = node.value;
  if (operator === "isnull") {
    try {
      return { kind: "null", isNull: parseBoolean(raw) };
    } catch (error) {
      return badValue(node, "isnull takes true or false", error);
    }
  }
  if (operator === "in" || operator === "notin") {
    return { kind: "list", values: items(raw).map((item) => typed(node, field, type, item)) };
  }
  if (operator === "range") {
    const pair = items(raw);
    const [low, high] = pair;
    if (pair.length !== 2) badValue(node, "range takes two values: low,high");
    return {
      kind: "range",
      low: typed(node, field, type, low),
      high: typed(node, field, type, high),
    };
  }
  if (operator === "contains" && type === "json") {
    return { kind: "json", value: typed(node, field, "json", raw) as Exclude<FieldValue, Buffer> };
  }
  if (isTextMatch(operator) || operator === "regex") {
    if (typeof raw !== "string" && typeof raw !== "number") badValue(node, "expected text");
    const text = String(raw);
    if (operator === "regex") checkPattern(node, text);
    return { kind: "text", text };
  }
  if (raw === null) {
    badValue(node, `${operator} needs a value; use isnull=true to find missing values`);
  }
  return { kind: "value", value: typed(node, field, type, raw) };
}
