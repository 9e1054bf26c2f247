/**
 * Parsed filters: syntax only, no schema. Frozen nodes tagged by `kind`, each with a
 * `create` factory and an `is` guard (as Kysely's operation nodes), so the binder and
 * every later pass can switch exhaustively on `kind`.
 */

/** `path__op=value`: the path split on `__`; the binder decides which parts are fields, transforms and the operator. */
export interface ConditionNode {
  readonly kind: "condition";
  readonly segments: readonly string[];
  /** A string from a query string or the CLI, or a JSON value from a JSON body. */
  readonly value: unknown;
  /** The text as given (`date__year__gte=1930`), for error messages. */
  readonly text: string;
  /** 0-based character position in the `filter=` expression; 0 for single filters. */
  readonly position: number;
}

export interface AndNode {
  readonly kind: "and";
  readonly items: readonly FilterNode[];
}

export interface OrNode {
  readonly kind: "or";
  readonly items: readonly FilterNode[];
}

export interface NotNode {
  readonly kind: "not";
  readonly item: FilterNode;
}

export type FilterNode = ConditionNode | AndNode | OrNode | NotNode;

function isNode(value: unknown): value is { kind: unknown } {
  return typeof value === "object" && value !== null && "kind" in value;
}

export const ConditionNode = Object.freeze({
  is: (node: unknown): node is ConditionNode => isNode(node) && node.kind === "condition",
  create: (
    segments: readonly string[],
    value: unknown,
    text: string,
    position = 0,
  ): ConditionNode =>
    Object.freeze({
      kind: "condition",
      segments: Object.freeze([...segments]),
      value,
      text,
      position,
    }),
});

export const AndNode = Object.freeze({
  is: (node: unknown): node is AndNode => isNode(node) && node.kind === "and",
  create: (items: readonly FilterNode[]): AndNode =>
    Object.freeze({ kind: "and", items: Object.freeze([...items]) }),
});

export const OrNode = Object.freeze({
  is: (node: unknown): node is OrNode => isNode(node) && node.kind === "or",
  create: (items: readonly FilterNode[]): OrNode =>
    Object.freeze({ kind: "or", items: Object.freeze([...items]) }),
});

export const NotNode = Object.freeze({
  is: (node: unknown): node is NotNode => isNode(node) && node.kind === "not",
  create: (item: FilterNode): NotNode => Object.freeze({ kind: "not", item }),
});
