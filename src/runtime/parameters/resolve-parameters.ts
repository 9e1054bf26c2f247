import type { FilterInput } from "../../engines/storage/records/record-store.js";
import { ParameterInvalid } from "../../foundations/error-codes.js";
import { closestNames } from "../../foundations/suggest.js";
import type { CommandDefinition } from "../../spec/command-definition.js";
import type { ParameterDefinition } from "../../spec/parameter-definition.js";
import { coerceValue } from "./coerce-value.js";

/** A spec choice or value as text, for comparisons and messages. */
function textOf(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** A command's parameters after coercion and validation, split from its filters. */
export interface ResolvedParameters {
  /** Typed values by snake_case name; optional parameters not given are left out. */
  readonly values: Readonly<Record<string, unknown>>;
  /** `path__op=value` pairs of commands that accept filters, validated later by the store. */
  readonly filters: readonly FilterInput[];
  /** The `filter=or(...)` boolean expression, when given. */
  readonly filter?: string;
}

export interface ParameterProblem {
  readonly parameter: string;
  readonly problem: string;
}

export interface ResolveOptions {
  /** Values came from a command line: lists are comma-separated, JSON is text. */
  readonly fromText: boolean;
  /** Whether a model has a row with this natural key; undefined when it cannot tell. */
  readonly keyExists: (model: string, key: string) => Promise<boolean | undefined>;
}

const FILTER_PATH = /^[a-z_][a-z0-9_]*(__[a-z0-9_]+)*$/i;

function show(raw: unknown): string {
  if (typeof raw === "string") return `'${raw}'`;
  return raw === undefined ? "nothing" : JSON.stringify(raw);
}

function listOf(raw: unknown): unknown[] {
  if (Array.isArray(raw)) return raw as unknown[];
  if (typeof raw === "string") {
    return raw
      .split(",")
      .map((part) => part.trim())
      .filter((part) => part !== "");
  }
  return [raw];
}

/** Coerces one value and checks choices, min, max and max_length; returns a problem or the value. */
function checkOne(
  definition: ParameterDefinition,
  raw: unknown,
  fromText: boolean,
): { value: unknown } | { problem: string } {
  const coerced = coerceValue(definition.type, raw, fromText);
  if (!coerced.ok) return { problem: `${coerced.problem} (got ${show(raw)})` };
  const value = coerced.value;
  const { choices, min, max, maxLength } = definition;
  if (choices !== undefined && !choices.some((choice) => textOf(choice) === textOf(value))) {
    return {
      problem: `must be one of ${choices.map(textOf).join(", ")} (got ${show(raw)})`,
    };
  }
  const number =
    typeof value === "number" ? value : definition.type === "decimal" ? Number(value) : undefined;
  if (number !== undefined && min !== undefined && number < min) {
    return { problem: `must be at least ${min} (got ${show(raw)})` };
  }
  if (number !== undefined && max !== undefined && number > max) {
    return { problem: `must be at most ${max} (got ${show(raw)})` };
  }
  if (typeof value === "string" && maxLength !== undefined && value.length > maxLength) {
    return { problem: `must be at most ${maxLength} characters (got ${value.length})` };
  }
  return { value };
}

/**
 * Validates every parameter before anything runs, collecting all problems into one
 * CAIRN_PARAMETER_INVALID: unknown names (with the closest ones), missing required
 * ones, wrong types, choices, ranges, lengths, and `key` values naming no row.
 */
export async function resolveParameters(
  command: CommandDefinition,
  raw: Readonly<Record<string, unknown>>,
  options: ResolveOptions,
): Promise<ResolvedParameters> {
  const problems: ParameterProblem[] = [];
  const values: Record<string, unknown> = {};
  const filters: FilterInput[] = [];
  let filter: string | undefined;
  const problem = (parameter: string, text: string) => problems.push({ parameter, problem: text });

  for (const [name, given] of Object.entries(raw)) {
    const definition = command.parameters.get(name);
    if (definition !== undefined) continue;
    if (command.acceptsFilters && name === "filter" && typeof given === "string") filter = given;
    else if (command.acceptsFilters && FILTER_PATH.test(name))
      filters.push({ path: name, value: given });
    else {
      const near = closestNames(name, command.parameters.keys());
      problem(
        name,
        `is not a parameter of '${command.name}'${near.length > 0 ? `; did you mean ${near.map((n) => `'${n}'`).join(" or ")}?` : ""}`,
      );
    }
  }

  for (const definition of command.parameters.values()) {
    const given = raw[definition.name];
    if (given === undefined || given === null) {
      if (definition.default !== undefined) values[definition.name] = definition.default;
      else if (definition.type === "flag" && !definition.multiple) values[definition.name] = false;
      else if (definition.required) problem(definition.name, "is required");
      continue;
    }
    const items = definition.multiple ? listOf(given) : [given];
    const checked = items.map((item) => checkOne(definition, item, options.fromText));
    const failures = checked.filter((c): c is { problem: string } => "problem" in c);
    if (failures.length > 0) {
      for (const failure of failures) problem(definition.name, failure.problem);
      continue;
    }
    const typed = checked.map((c) => (c as { value: unknown }).value);
    if (definition.type === "key" && definition.model !== undefined) {
      for (const key of typed) {
        if ((await options.keyExists(definition.model, String(key))) === false) {
          problem(definition.name, `names no ${definition.model} '${String(key)}'`);
        }
      }
    }
    values[definition.name] = definition.multiple ? typed : typed[0];
  }

  if (problems.length > 0) {
    const list = problems.map((p) => `parameter '${p.parameter}' ${p.problem}`).join("; ");
    throw ParameterInvalid.create(`${command.name}: ${list}`, {
      hint: `Run \`cairn ${command.name} --help\` to see its parameters.`,
      details: { problems },
    });
  }
  return { values, filters, ...(filter === undefined ? {} : { filter }) };
}
