import { NUMERIC_TYPES, valueProblem, type ValueRules } from "./check-value.js";
import type { JsonValue, ParameterType } from "./field-types.js";
import { toJson } from "./spec-node.js";
import type { MapReader } from "./spec-reader.js";

/** The options fields and parameters share, checked against the type. */
export interface ValueOptions {
  readonly choices?: readonly JsonValue[];
  readonly min?: number;
  readonly max?: number;
  readonly maxLength?: number;
  /** Absent when none is given (a `null` default counts as none). */
  readonly default?: JsonValue;
}

/**
 * Reads `choices min max max_length default` for a value of `type`. `what` names the
 * owner in messages ("field", "parameter"). Each option is only accepted for the types
 * it means something for; defaults and choices must satisfy every other rule.
 */
export function readValueOptions(
  reader: MapReader,
  type: ParameterType,
  what: string,
  options: { readonly defaultMaxLength?: number; readonly multiple?: boolean } = {},
): ValueOptions {
  const problems = reader.problems;
  const onlyFor = (key: string, types: string): void => {
    problems.invalid(
      `'${key}' only applies to ${types} ${what}s, not ${type}`,
      reader.location(key),
    );
  };

  let maxLength: number | undefined;
  if (reader.node("max_length") !== undefined) {
    if (type === "string") maxLength = reader.integer("max_length", 1);
    else onlyFor("max_length", "string");
  } else if (type === "string") {
    maxLength = options.defaultMaxLength;
  }

  const numeric = NUMERIC_TYPES.includes(type);
  const bound = (key: "min" | "max"): number | undefined => {
    if (reader.node(key) === undefined) return undefined;
    if (!numeric) {
      onlyFor(key, "numeric (integer, bigint, float, decimal, duration)");
      return undefined;
    }
    return reader.number(key);
  };
  const min = bound("min");
  const max = bound("max");
  if (min !== undefined && max !== undefined && min > max) {
    problems.invalid(`'min' ${min} is more than 'max' ${max}`, reader.location("min"));
  }

  const rules: ValueRules = { type, min, max, maxLength };
  const choices = readChoices(reader, rules);
  const withChoices: ValueRules = { ...rules, choices };
  const defaultValue = readDefault(reader, withChoices, options.multiple === true);

  return {
    ...(choices === undefined ? {} : { choices }),
    ...(min === undefined ? {} : { min }),
    ...(max === undefined ? {} : { max }),
    ...(maxLength === undefined ? {} : { maxLength }),
    ...(defaultValue === undefined ? {} : { default: defaultValue }),
  };
}

function readChoices(reader: MapReader, rules: ValueRules): JsonValue[] | undefined {
  const node = reader.node("choices");
  if (node === undefined) return undefined;
  if (rules.type === "flag" || rules.type === "boolean") {
    reader.problems.invalid(`'choices' makes no sense for a ${rules.type}`, node.location);
    return undefined;
  }
  if (node.kind !== "list" || node.items.length === 0) {
    reader.problems.invalid("'choices' must be a non-empty list of values", node.location);
    return undefined;
  }
  const choices: JsonValue[] = [];
  for (const item of node.items) {
    const value = toJson(item);
    const problem = valueProblem(value, rules);
    if (problem === undefined) choices.push(value);
    else reader.problems.invalid(`choice ${problem}`, item.location);
  }
  return choices;
}

function readDefault(
  reader: MapReader,
  rules: ValueRules,
  multiple: boolean,
): JsonValue | undefined {
  const node = reader.node("default");
  if (node === undefined) return undefined;
  const value = toJson(node);
  const values = multiple && Array.isArray(value) ? (value as JsonValue[]) : [value];
  for (const item of values) {
    const problem = valueProblem(item, rules);
    if (problem !== undefined) {
      reader.problems.invalid(`default ${problem}`, node.location);
      return undefined;
    }
  }
  return value;
}
