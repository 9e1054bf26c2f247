import type { Expression, ExpressionBuilder, SqlBool } from "kysely";
import {
  QueryBadValue,
  QueryUnknownField,
  QueryUnknownOperator,
} from "../../../foundations/error-codes.js";
import { closestNames, didYouMean } from "../../../foundations/suggest.js";
import type { DialectName, DynamicDatabase } from "../database.js";
import { codecFor } from "../records/codecs/codec-for.js";
import { ValueError } from "../records/codecs/value-error.js";
import type { ConditionNode, FilterNode } from "../query/filter-node.js";
import { parseFilterExpression } from "../query/parse-filter-expression.js";
import type { AggregateTerm } from "./aggregate-terms.js";

type Builder = ExpressionBuilder<DynamicDatabase, string>;

const HAVING_OPERATORS = ["eq", "ne", "lt", "lte", "gt", "gte", "in", "notin", "range", "isnull"];

/**
 * A condition's value as a driver parameter: counts take whole numbers, sums and
 * averages numbers, min and max the field's own type (dates, text...).
 */
function typedValue(term: AggregateTerm, raw: unknown, dialect: DialectName): unknown {
  if (term.fn === "min" || term.fn === "max") {
    if (term.field === undefined) throw new ValueError("expected a value");
    const codec = codecFor(term.field.type);
    return codec.toDb(codec.parse(raw, term.field), dialect);
  }
  const text = typeof raw === "number" ? String(raw) : typeof raw === "string" ? raw.trim() : "";
  const number = text === "" ? Number.NaN : Number(text);
  const whole = term.fn === "count" || term.fn === "count_distinct";
  if (!Number.isFinite(number) || (whole && !Number.isSafeInteger(number))) {
    throw new ValueError(`expected ${whole ? "a whole number" : "a number"}, got '${text}'`);
  }
  return number;
}

/** The output a condition names: the longest `__`-joined prefix of its path that is one. */
function outputOf(node: ConditionNode, outputs: ReadonlyMap<string, AggregateTerm>) {
  for (let k = node.segments.length; k > 0; k -= 1) {
    const term = outputs.get(node.segments.slice(0, k).join("__"));
    if (term !== undefined) return { term, rest: node.segments.slice(k) };
  }
  const [first = ""] = node.segments;
  const names = [...outputs.keys()];
  throw QueryUnknownField.create(
    `having '${node.text}' names no aggregate output${didYouMean(first, names)}`,
    {
      hint: `Conditions in having name aggregate outputs: ${names.join(", ")}.`,
      details: { field: first, suggestions: closestNames(first, names) },
    },
  );
}

function emitCondition(
  eb: Builder,
  node: ConditionNode,
  outputs: ReadonlyMap<string, AggregateTerm>,
  dialect: DialectName,
): Expression<SqlBool> {
  const { term, rest } = outputOf(node, outputs);
  const [operator = "eq", ...extra] = rest;
  if (extra.length > 0 || !HAVING_OPERATORS.includes(operator)) {
    throw QueryUnknownOperator.create(
      `unknown operator '${rest.join("__")}' in having '${node.text}'${didYouMean(operator, HAVING_OPERATORS)}`,
      {
        hint: `Operators in having: ${HAVING_OPERATORS.join(", ")}.`,
        details: { operator, suggestions: closestNames(operator, HAVING_OPERATORS) },
      },
    );
  }
  const value = (raw: unknown) => {
    try {
      return eb.val(typedValue(term, raw, dialect));
    } catch (error) {
      if (!(error instanceof ValueError)) throw error;
      throw QueryBadValue.create(`bad value in having '${node.text}': ${error.problem}`, {
        hint: "Compare aggregate outputs with numbers (dates or text for min and max of such fields).",
        details: { filter: node.text },
        cause: error,
      });
    }
  };
  const list = () =>
    (Array.isArray(node.value) ? (node.value as unknown[]) : String(node.value).split(",")).map(
      value,
    );
  const output = term.expression(eb);
  switch (operator) {
    case "isnull":
      return eb(output, String(node.value) === "true" ? "is" : "is not", null);
    case "in":
      return eb(output, "in", list());
    case "notin":
      return eb.or([eb(output, "not in", list()), eb(output, "is", null)]);
    case "range": {
      const [low, high, ...more] = list();
      if (low === undefined || high === undefined || more.length > 0) value("low,high");
      return eb.and([eb(output, ">=", low ?? null), eb(output, "<=", high ?? null)]);
    }
    case "ne":
      return eb.or([eb(output, "<>", value(node.value)), eb(output, "is", null)]);
    default: {
      const ops = { eq: "=", lt: "<", lte: "<=", gt: ">", gte: ">=" } as const;
      return eb(output, ops[operator as keyof typeof ops], value(node.value));
    }
  }
}

function emit(
  eb: Builder,
  node: FilterNode,
  outputs: ReadonlyMap<string, AggregateTerm>,
  dialect: DialectName,
): Expression<SqlBool> {
  switch (node.kind) {
    case "condition":
      return emitCondition(eb, node, outputs, dialect);
    case "and":
      return eb.and(node.items.map((item) => emit(eb, item, outputs, dialect)));
    case "or":
      return eb.or(node.items.map((item) => emit(eb, item, outputs, dialect)));
    case "not":
      return eb.not(emit(eb, node.item, outputs, dialect));
  }
}

/**
 * `having` in the filter grammar over aggregate outputs (`and(count__gt=10,avg_temp__lt=0)`):
 * parsed by the filter parser, bound against the output names, emitted on the
 * aggregate expressions themselves (no backend accepts output aliases there).
 */
export function compileHaving(
  text: string,
  aggregates: readonly AggregateTerm[],
  dialect: DialectName,
): (eb: Builder) => Expression<SqlBool> {
  const node = parseFilterExpression(text);
  const outputs = new Map(aggregates.map((term) => [term.name, term]));
  // Kysely calls the callback while the query is built, so binding errors come before any SQL.
  return (eb) => emit(eb, node, outputs, dialect);
}
