import type { FieldDefinition } from "../../../spec/field-definition.js";
import type { ModelDefinition } from "../../../spec/model-definition.js";
import type { ProjectSpec } from "../../../spec/project-spec.js";
import { QueryUnknownOperator } from "../../../foundations/error-codes.js";
import { closestNames, didYouMean } from "../../../foundations/suggest.js";
import {
  BoundAndNode,
  BoundConditionNode,
  BoundNotNode,
  BoundOrNode,
  type BoundFilterNode,
} from "./bound-filter-node.js";
import { bindOperand } from "./bind-operand.js";
import type { ConditionNode, FilterNode } from "./filter-node.js";
import { isOperator, operatorsFor, type Operator } from "./operators.js";
import { NO_CIPHER, type FieldCipher } from "../records/field-cipher.js";
import { hashField } from "../records/write-plan.js";
import { refuseEncrypted } from "./refuse-encrypted.js";
import type { RelationHop } from "./relation-hop.js";
import { resolvePath } from "./resolve-path.js";
import { isTransform, transformsFor, type Transform } from "./transforms.js";

function idField(model: ModelDefinition): FieldDefinition {
  const field = model.fields.get("id");
  if (field === undefined) throw new Error(`model ${model.name} has no id field`);
  return field;
}

/** The field a path ending on a relation compares: the related id for isnull, else its key. */
function relationTarget(model: ModelDefinition, rest: readonly string[]): FieldDefinition {
  if (rest.at(-1) === "isnull") return idField(model);
  return model.fields.get(model.key) ?? idField(model);
}

function unknownOperator(
  name: string,
  node: ConditionNode,
  field: FieldDefinition,
  valid: readonly string[],
): never {
  const applies = isOperator(name) || isTransform(name);
  const problem = applies
    ? `'${name}' does not apply to ${field.type} field ${field.name}`
    : `unknown operator '${name}'`;
  throw QueryUnknownOperator.create(
    `${problem} in filter '${node.text}'${applies ? "" : didYouMean(name, valid)}`,
    {
      hint: `Operators for ${field.type} fields: ${valid.join(", ")}.`,
      details: { operator: name, field: field.name, suggestions: closestNames(name, valid) },
    },
  );
}

/** Splits what follows the field into an optional transform and the operator (default eq). */
function transformAndOperator(
  node: ConditionNode,
  field: FieldDefinition,
  rest: readonly string[],
): { transform: Transform | undefined; operator: Operator } {
  const transforms = transformsFor(field.type);
  const [first, second, ...extra] = rest;
  let transform: Transform | undefined;
  let operatorName = first;
  if (first !== undefined && isTransform(first) && transforms.includes(first)) {
    transform = first;
    operatorName = second;
  } else if (second !== undefined) {
    unknownOperator(first ?? "", node, field, [...transforms, ...operatorsFor(field.type)]);
  }
  const valid = operatorsFor(transform === undefined ? field.type : "integer");
  if (extra.length > 0) unknownOperator(extra.join("__"), node, field, valid);
  if (operatorName === undefined) return { transform, operator: "eq" };
  if (!isOperator(operatorName) || !valid.includes(operatorName)) {
    unknownOperator(
      operatorName,
      node,
      field,
      transform === undefined ? [...valid, ...transforms] : valid,
    );
  }
  return { transform, operator: operatorName };
}

/**
 * `secret=value` on a searchable encrypted field: its hash column compared with the
 * value's keyed hash under every key of the keyring (rows not yet rotated carry an
 * older key's hash). Any other comparison of an encrypted field is refused.
 */
function bindSealed(
  node: ConditionNode,
  hops: readonly RelationHop[],
  owner: ModelDefinition,
  field: FieldDefinition,
  rest: readonly string[],
  cipher: FieldCipher,
): BoundConditionNode {
  const operator = rest.length === 0 ? "eq" : rest.join("__");
  if (field.searchable !== true || operator !== "eq" || node.value === null) {
    refuseEncrypted(field, `filter '${node.text}'`);
  }
  const operand = bindOperand(node, field, undefined, "eq");
  if (operand.kind !== "value") throw new Error("an equality filter binds one value");
  const value = Buffer.isBuffer(operand.value) ? operand.value.toString("base64") : operand.value;
  const hashes = cipher.hashes(owner.name, field.name, value);
  return BoundConditionNode.create({
    hops,
    field: hashField(field),
    transform: undefined,
    operator: "in",
    operand: { kind: "list", values: hashes },
    text: node.text,
  });
}

function bindCondition(
  spec: ProjectSpec,
  model: ModelDefinition,
  node: ConditionNode,
  cipher: FieldCipher,
) {
  const path = resolvePath(
    spec,
    model,
    node.segments,
    `filter '${node.text}'`,
    (segment) => isOperator(segment) || isTransform(segment),
  );
  const field = path.field ?? relationTarget(path.model, path.rest);
  if (field.encrypted) return bindSealed(node, path.hops, path.model, field, path.rest, cipher);
  const { transform, operator } = transformAndOperator(node, field, path.rest);
  const operand = bindOperand(node, field, transform, operator);
  return BoundConditionNode.create({
    hops: path.hops,
    field,
    transform,
    operator,
    operand,
    text: node.text,
  });
}

/**
 * Resolves every path hop of a parsed filter against the spec, checks operators and
 * transforms against field types, and types values with the field codecs.
 */
export function bindFilter(
  spec: ProjectSpec,
  model: ModelDefinition,
  node: FilterNode,
  cipher: FieldCipher = NO_CIPHER,
): BoundFilterNode {
  switch (node.kind) {
    case "condition":
      return bindCondition(spec, model, node, cipher);
    case "and":
      return BoundAndNode.create(node.items.map((item) => bindFilter(spec, model, item, cipher)));
    case "or":
      return BoundOrNode.create(node.items.map((item) => bindFilter(spec, model, item, cipher)));
    case "not":
      return BoundNotNode.create(bindFilter(spec, model, node.item, cipher));
  }
}
