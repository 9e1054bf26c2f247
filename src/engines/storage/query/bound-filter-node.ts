import type { FieldDefinition } from "../../../spec/field-definition.js";
import type { JsonValue } from "../../../spec/field-types.js";
import type { FieldValue } from "../records/codecs/field-codec.js";
import type { Operator } from "./operators.js";
import type { RelationHop } from "./relation-hop.js";
import type { Transform } from "./transforms.js";

/** A filter's right-hand side after typing by the field's codec. */
export type Operand =
  | { readonly kind: "value"; readonly value: FieldValue }
  | { readonly kind: "list"; readonly values: readonly FieldValue[] }
  | { readonly kind: "range"; readonly low: FieldValue; readonly high: FieldValue }
  | { readonly kind: "null"; readonly isNull: boolean }
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "json"; readonly value: JsonValue };

/** A condition with every hop resolved and its operator and value checked. */
export interface BoundConditionNode {
  readonly kind: "bound-condition";
  readonly hops: readonly RelationHop[];
  readonly field: FieldDefinition;
  readonly transform: Transform | undefined;
  readonly operator: Operator;
  readonly operand: Operand;
  /** The filter as written, for messages. */
  readonly text: string;
}

export interface BoundAndNode {
  readonly kind: "bound-and";
  readonly items: readonly BoundFilterNode[];
}

export interface BoundOrNode {
  readonly kind: "bound-or";
  readonly items: readonly BoundFilterNode[];
}

export interface BoundNotNode {
  readonly kind: "bound-not";
  readonly item: BoundFilterNode;
}

export type BoundFilterNode = BoundConditionNode | BoundAndNode | BoundOrNode | BoundNotNode;

export const BoundConditionNode = Object.freeze({
  is: (node: BoundFilterNode): node is BoundConditionNode => node.kind === "bound-condition",
  create: (props: Omit<BoundConditionNode, "kind">): BoundConditionNode =>
    Object.freeze({ kind: "bound-condition", ...props, hops: Object.freeze([...props.hops]) }),
});

export const BoundAndNode = Object.freeze({
  is: (node: BoundFilterNode): node is BoundAndNode => node.kind === "bound-and",
  create: (items: readonly BoundFilterNode[]): BoundAndNode =>
    Object.freeze({ kind: "bound-and", items: Object.freeze([...items]) }),
});

export const BoundOrNode = Object.freeze({
  is: (node: BoundFilterNode): node is BoundOrNode => node.kind === "bound-or",
  create: (items: readonly BoundFilterNode[]): BoundOrNode =>
    Object.freeze({ kind: "bound-or", items: Object.freeze([...items]) }),
});

export const BoundNotNode = Object.freeze({
  is: (node: BoundFilterNode): node is BoundNotNode => node.kind === "bound-not",
  create: (item: BoundFilterNode): BoundNotNode => Object.freeze({ kind: "bound-not", item }),
});
