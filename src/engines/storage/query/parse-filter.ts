import { QuerySyntax } from "../../../foundations/error-codes.js";
import { AndNode, ConditionNode, type FilterNode } from "./filter-node.js";

/** One `path__op=value` filter as faces hand it over (the value raw or JSON). */
export interface FilterInput {
  readonly path: string;
  readonly value: unknown;
}

const SEGMENT = /^[A-Za-z0-9]+(?:_[A-Za-z0-9]+)*$/;

/**
 * Splits a filter path on `__`. Syntax only: the binder decides which segments are
 * relations, fields, transforms and the operator. `offset` is where the path starts
 * in a larger text, so errors point at the right character.
 */
export function parseFilterPath(path: string, offset = 0): readonly string[] {
  if (path === "") {
    throw QuerySyntax.create(`empty filter path at position ${offset}`, {
      hint: "Write filters as path__op=value, e.g. name__icontains=ber.",
      details: { position: offset },
    });
  }
  const segments = path.split("__");
  let position = offset;
  for (const segment of segments) {
    if (!SEGMENT.test(segment)) {
      throw QuerySyntax.create(
        `bad filter path '${path}' at position ${position}: '${segment}' is not a field, relation or operator name`,
        {
          hint: "Path parts are names joined by double underscores: station__name__startswith=Ber.",
          details: { position, path },
        },
      );
    }
    position += segment.length + 2;
  }
  return segments;
}

/** One filter input as a condition node. */
export function parseFilterInput(input: FilterInput): ConditionNode {
  const text = `${input.path}=${typeof input.value === "string" ? input.value : JSON.stringify(input.value)}`;
  return ConditionNode.create(parseFilterPath(input.path), input.value, text);
}

/**
 * A `path__op=value` argument (CLI or query string) split at its first `=`. The value
 * stays a string; codecs type it later against the field.
 */
export function parseFilterArgument(argument: string): FilterInput {
  const at = argument.indexOf("=");
  if (at <= 0) {
    throw QuerySyntax.create(`filter '${argument}' has no '=' (expected path__op=value)`, {
      hint: "Write filters as path__op=value, e.g. temp__gt=30.",
      details: { position: Math.max(at, 0) },
    });
  }
  return { path: argument.slice(0, at), value: argument.slice(at + 1) };
}

/** ANDed filter inputs plus an optional `filter=` tree, as one node (or undefined for none). */
export function combineFilters(
  inputs: readonly FilterInput[],
  expression: FilterNode | undefined,
): FilterNode | undefined {
  const items: FilterNode[] = inputs.map(parseFilterInput);
  if (expression !== undefined) items.push(expression);
  if (items.length === 0) return undefined;
  if (items.length === 1) return items[0];
  return AndNode.create(items);
}
