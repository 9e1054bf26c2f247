import type { Expression, ExpressionBuilder, SqlBool } from "kysely";
import type { DynamicDatabase } from "../database.js";
import { codecFor } from "../records/codecs/codec-for.js";
import type { FieldValue } from "../records/codecs/field-codec.js";
import type { DialectAdapter } from "./dialect-adapter.js";
import type { FilterPlanNode, PlanPredicateNode } from "./filter-plan-node.js";
import { TEXT_MATCH } from "./operators.js";
import type { RelationHop } from "./relation-hop.js";

type Builder = ExpressionBuilder<DynamicDatabase, string>;

/** Per-compilation state: the adapter and a counter giving every subquery its own alias. */
interface EmitContext {
  readonly adapter: DialectAdapter;
  next: number;
}

function always(eb: Builder, value: boolean): Expression<SqlBool> {
  return eb.lit(value);
}

function emitPredicate(
  eb: Builder,
  node: PlanPredicateNode,
  table: string,
  context: EmitContext,
): Expression<SqlBool> {
  const { adapter } = context;
  const ref = eb.ref(`${table}.${node.column}`);
  const column =
    node.transform === undefined ? ref : adapter.datePart(ref, node.transform, node.field.type);
  const type = node.transform === undefined ? node.field.type : "integer";
  const db = (value: FieldValue) => eb.val(codecFor(type).toDb(value, adapter.dialect));
  // Exact text where the collation folds; an equality also keeps the plain comparison,
  // which an index on the column can serve.
  const exact =
    node.transform === undefined && (type === "string" || type === "text")
      ? adapter.exactText?.(ref)
      : undefined;
  const compared = exact ?? column;
  const { operand } = node;
  switch (operand.kind) {
    case "null":
      return eb(column, operand.isNull ? "is" : "is not", null);
    case "list": {
      if (operand.values.length === 0) return always(eb, node.operator === "notin");
      const values = operand.values.map(db);
      if (node.operator === "notin") {
        return eb.or([eb(compared, "not in", values), eb(column, "is", null)]);
      }
      const found = eb(column, "in", values);
      return exact === undefined ? found : eb.and([found, eb(exact, "in", values)]);
    }
    case "range":
      return eb.and([eb(compared, ">=", db(operand.low)), eb(compared, "<=", db(operand.high))]);
    case "json":
      return adapter.jsonContains(column, operand.value);
    case "text": {
      if (node.operator === "regex") return adapter.regex(column, operand.text);
      const match = TEXT_MATCH[node.operator as keyof typeof TEXT_MATCH];
      return adapter.textMatch(column, operand.text, match.anchor, match.caseInsensitive);
    }
    case "value":
      break;
  }
  const value = db(operand.value);
  if (node.operator === "ne") {
    // Rows without a value are "not equal" too, as a user reading ne expects.
    return eb.or([eb(compared, "<>", value), eb(column, "is", null)]);
  }
  const comparison = COMPARISONS[node.operator];
  if (comparison !== undefined) return eb(compared, comparison, value);
  const equal = eb(column, "=", value);
  return exact === undefined ? equal : eb.and([equal, eb(exact, "=", value)]);
}

const COMPARISONS: Partial<Record<string, "<" | "<=" | ">" | ">=">> = {
  lt: "<",
  lte: "<=",
  gt: ">",
  gte: ">=",
};

/**
 * One relation hop as a semi-join. To-many and many-to-many hops are EXISTS correlated to
 * `table`: "some related row matches". A to-one hop is `fk IN (SELECT id ...)`, which
 * every planner evaluates once instead of once per row (SQLite runs a correlated EXISTS
 * per outer row); a NULL foreign key is excluded first so that NOT keeps the EXISTS
 * meaning (a row without the relation is "not matching", never unknown).
 */
function emitExists(
  eb: Builder,
  hop: RelationHop,
  inner: FilterPlanNode,
  table: string,
  context: EmitContext,
): Expression<SqlBool> {
  context.next += 1;
  const alias = `q${context.next}`;
  const where = (sub: Builder) => emit(sub, inner, alias, context);
  switch (hop.kind) {
    case "to-one": {
      const column = `${table}.${hop.column}`;
      const matching = eb(
        column,
        "in",
        eb.selectFrom(`${hop.to.name} as ${alias}`).select(`${alias}.id`).where(where),
      );
      return hop.required ? matching : eb.and([eb(column, "is not", null), matching]);
    }
    case "to-many":
      return eb.exists(
        eb
          .selectFrom(`${hop.to.name} as ${alias}`)
          .select((sub) => sub.lit(1).as("one"))
          .where(`${alias}.${hop.column}`, "=", eb.ref(`${table}.id`))
          .where(where),
      );
    case "many-to-many":
      return eb.exists(
        eb
          .selectFrom(`${hop.joinTable} as ${alias}j`)
          .innerJoin(`${hop.to.name} as ${alias}`, `${alias}.id`, `${alias}j.${hop.toColumn}`)
          .select((sub) => sub.lit(1).as("one"))
          .where(`${alias}j.${hop.fromColumn}`, "=", eb.ref(`${table}.id`))
          .where(where),
      );
  }
}

function emit(
  eb: Builder,
  node: FilterPlanNode,
  table: string,
  context: EmitContext,
): Expression<SqlBool> {
  switch (node.kind) {
    case "plan-and":
      return eb.and(node.items.map((item) => emit(eb, item, table, context)));
    case "plan-or":
      return eb.or(node.items.map((item) => emit(eb, item, table, context)));
    case "plan-not":
      return eb.not(emit(eb, node.item, table, context));
    case "plan-exists":
      return emitExists(eb, node.hop, node.inner, table, context);
    case "plan-predicate":
      return emitPredicate(eb, node, table, context);
  }
}

/**
 * Emits a filter plan with Kysely's expression builder, against `table` (the main
 * table's name or alias). Use it as `query.where(compileFilter(plan, adapter, table))`.
 */
export function compileFilter(
  plan: FilterPlanNode,
  adapter: DialectAdapter,
  table: string,
): (eb: Builder) => Expression<SqlBool> {
  return (eb) => emit(eb, plan, table, { adapter, next: 0 });
}
