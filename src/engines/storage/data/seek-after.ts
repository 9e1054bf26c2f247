import type { Expression, ExpressionBuilder, SqlBool } from "kysely";
import type { DynamicDatabase } from "../database.js";
import type { OrderTerm } from "../query/compile-order.js";

type Builder = ExpressionBuilder<DynamicDatabase, string>;

function refOf(term: OrderTerm): string {
  return `${term.table}.${term.column}`;
}

/** The row's value equals `value` (null equals null, as the ordering groups them). */
function same(eb: Builder, term: OrderTerm, value: unknown): Expression<SqlBool> {
  return value === null ? eb(refOf(term), "is", null) : eb(refOf(term), "=", eb.val(value));
}

/**
 * The row sorts strictly after `value` on this term alone, nulls placed as the list
 * query places them; undefined when nothing can (a null already sorting last).
 */
function after(eb: Builder, term: OrderTerm, value: unknown): Expression<SqlBool> | undefined {
  const ref = refOf(term);
  if (value === null) return term.nulls === "first" ? eb(ref, "is not", null) : undefined;
  const beyond = eb(ref, term.descending ? "<" : ">", eb.val(value));
  return term.nulls === "last" ? eb.or([beyond, eb(ref, "is", null)]) : beyond;
}

/**
 * The keyset seek: rows after the cursor's row in the ordering `terms` (which ends in
 * `id`, so the order is total). Emitted as the OR-chain
 * `(a > x) OR (a = x AND b < y) OR (a = x AND b = y AND id > z)`, each comparison
 * following its term's direction and null placement; every value a bound parameter.
 */
export function seekAfter(
  terms: readonly OrderTerm[],
  values: readonly unknown[],
): (eb: Builder) => Expression<SqlBool> {
  return (eb) => {
    const branches: Expression<SqlBool>[] = [];
    terms.forEach((term, i) => {
      const step = after(eb, term, values[i] ?? null);
      if (step === undefined) return;
      const prefix = terms.slice(0, i).map((t, j) => same(eb, t, values[j] ?? null));
      branches.push(prefix.length === 0 ? step : eb.and([...prefix, step]));
    });
    return branches.length === 0 ? eb.lit(false) : eb.or(branches);
  };
}
