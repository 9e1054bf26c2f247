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
  const { operand } = node;
  switch (operand.kind) {
    case "null":
      return eb(column, operand.isNull ? "is" : "is not", null);
    case "list": {
      if (operand.values.length === 0) return always(eb, node.operator === "notin");
      const values = operand.values.map(db);
      return node.operator === "notin"
        ? eb.or([eb(column, "not in", values), eb(column, "is", null)])
        : eb(column, "in", values);
    }
    case "range":
      return eb.and([eb(column, ">=", db(operand.low)), eb(column, "<=", db(operand.high))]);
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
    return eb.or([eb(column, "<>", value), eb(column, "is", null)]);
  }
  return eb(column, COMPARISONS[node.operator] ?? "=", value);
}

const COMPARISONS: Partial<Record<string, "<" | "<=" | ">" | ">=">> = {
  lt: "<",
  lte: "<=",
  gt: ">",
  gte: ">=",
};

/** EXISTS over the related rows of one hop, correlated to `table`. */
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
    case "to-one":
      return eb.exists(
        eb
          .selectFrom(`${hop.to.name} as ${alias}`)
          .select((sub) => sub.lit(1).as("one"))
          .where(`${alias}.id`, "=", eb.ref(`${table}.${hop.column}`))
          .where(where),
      );
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
