import type { AliasableExpression, ExpressionBuilder } from "kysely";
import type { FieldDefinition } from "../../../spec/field-definition.js";
import type { FieldType } from "../../../spec/field-types.js";
import type { ModelDefinition } from "../../../spec/model-definition.js";
import type { ProjectSpec } from "../../../spec/project-spec.js";
import { QuerySyntax, QueryUnknownOperator } from "../../../foundations/error-codes.js";
import { closestNames, didYouMean } from "../../../foundations/suggest.js";
import type { DynamicDatabase } from "../database.js";
import type { DialectAdapter } from "../query/dialect-adapter.js";
import type { JoinPlan } from "../query/join-plan.js";
import { isTransform, transformsFor, type Transform } from "../query/transforms.js";
import { toOnePath, type ToOnePath } from "./to-one-path.js";

export type Builder = ExpressionBuilder<DynamicDatabase, string>;

export const AGGREGATES = ["count", "count_distinct", "sum", "avg", "min", "max"] as const;
export type AggregateFunction = (typeof AGGREGATES)[number];

const NUMERIC: readonly FieldType[] = ["integer", "bigint", "float", "decimal"];
const ORDERED: readonly FieldType[] = [
  ...NUMERIC,
  ...(["date", "datetime", "time", "duration", "string", "text", "uuid"] as const),
];

/** Which aggregates apply to a field type: sums need numbers, min/max an ordering. */
function aggregatesFor(type: FieldType): AggregateFunction[] {
  return AGGREGATES.filter((fn) => {
    switch (fn) {
      case "count":
        return true;
      case "count_distinct":
        return type !== "json" && type !== "binary";
      case "sum":
      case "avg":
        return NUMERIC.includes(type);
      case "min":
      case "max":
        return ORDERED.includes(type);
    }
  });
}

/** One output column of an aggregate query, group or aggregate, named as the user sees it. */
export interface OutputTerm {
  readonly name: string;
  readonly expression: (eb: Builder) => AliasableExpression<unknown>;
}

export interface GroupTerm extends OutputTerm {
  readonly target: ToOnePath;
  readonly transform: Transform | undefined;
}

export interface AggregateTerm extends OutputTerm {
  readonly fn: AggregateFunction;
  /** Undefined for `count:*`. */
  readonly field: FieldDefinition | undefined;
}

function refOf(target: ToOnePath): string {
  return `${target.table}.${target.column}`;
}

/** `station__region__name`, `date__year`: to-one paths, optionally with one date transform. */
export function bindGroups(
  spec: ProjectSpec,
  model: ModelDefinition,
  items: readonly string[],
  joins: JoinPlan,
  adapter: DialectAdapter,
): GroupTerm[] {
  return items.map((item) => {
    const path = item.trim();
    const target = toOnePath(spec, model, path, joins, "group");
    const [part, ...extra] = target.rest;
    const valid = transformsFor(target.field.type);
    if (part !== undefined && (extra.length > 0 || !isTransform(part) || !valid.includes(part))) {
      const name = target.rest.join("__");
      throw QueryUnknownOperator.create(
        `cannot group by '${path}': '${name}' is not a date part of ${target.field.type} field ${target.field.name}${didYouMean(name, valid)}`,
        {
          hint:
            valid.length > 0 ? `Date parts: ${valid.join(", ")}.` : "Group by the field itself.",
          details: { field: path, suggestions: closestNames(name, valid) },
        },
      );
    }
    const transform = part;
    const { field } = target;
    return {
      name: path,
      target,
      transform,
      expression: (eb: Builder) =>
        transform === undefined
          ? eb.ref(refOf(target))
          : eb.parens(adapter.datePart(eb.ref(refOf(target)), transform, field.type)),
    };
  });
}

function badAggregate(item: string): never {
  throw QuerySyntax.create(`bad aggregate '${item}'`, {
    hint: "Write function:field, e.g. count:*, sum:temp, avg:temp, min:date, count_distinct:station.",
    details: { aggregate: item, position: 0 },
  });
}

function expressionOf(fn: AggregateFunction, ref: string | undefined) {
  return (eb: Builder): AliasableExpression<unknown> => {
    if (ref === undefined) return eb.fn.countAll();
    switch (fn) {
      case "count":
        return eb.fn.count(ref);
      case "count_distinct":
        return eb.fn.count(ref).distinct();
      case "sum":
        return eb.fn.sum(ref);
      case "avg":
        return eb.fn.avg(ref);
      case "min":
        return eb.fn.min(ref);
      case "max":
        return eb.fn.max(ref);
    }
  };
}

/** `count:*`, `sum:temp`, `count_distinct:station`...; output names `count`, `sum_temp`... */
export function bindAggregates(
  spec: ProjectSpec,
  model: ModelDefinition,
  items: readonly string[],
  joins: JoinPlan,
): AggregateTerm[] {
  return items.map((item) => {
    const match = /^\s*([A-Za-z_]+)\s*:\s*(\*|[A-Za-z0-9_]+)\s*$/.exec(item);
    const [, name = "", path = ""] = match ?? badAggregate(item);
    const fn = AGGREGATES.find((a) => a === name.toLowerCase());
    if (fn === undefined) {
      throw QueryUnknownOperator.create(
        `unknown aggregate '${name}' in '${item}'${didYouMean(name, AGGREGATES)}`,
        {
          hint: `Aggregates: ${AGGREGATES.join(", ")}.`,
          details: { operator: name, suggestions: closestNames(name, AGGREGATES) },
        },
      );
    }
    if (path === "*") {
      if (fn !== "count") badAggregate(item);
      return { name: "count", fn, field: undefined, expression: expressionOf(fn, undefined) };
    }
    const target = toOnePath(spec, model, path, joins, "aggregate", fn.startsWith("count"));
    if (target.rest.length > 0) badAggregate(item);
    const valid = aggregatesFor(target.field.type);
    if (!valid.includes(fn)) {
      throw QueryUnknownOperator.create(
        `'${fn}' does not apply to ${target.field.type} field ${target.field.name} in '${item}'`,
        {
          hint: `Aggregates for ${target.field.type} fields: ${valid.join(", ")}.`,
          details: { operator: fn, field: path, suggestions: valid },
        },
      );
    }
    return {
      name: `${fn}_${path}`,
      fn,
      field: target.field,
      expression: expressionOf(fn, refOf(target)),
    };
  });
}
