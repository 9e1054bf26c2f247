import type { FilterInput } from "../../engines/storage/records/record-store.js";
import { ParameterInvalid } from "../../foundations/error-codes.js";
import { closestNames } from "../../foundations/suggest.js";
import type { CommandDefinition } from "../../spec/command-definition.js";
import type { ParameterDefinition } from "../../spec/parameter-definition.js";
import { coerceValue } from "./coerce-value.js";

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

/** The parameter name of the `filter=or(...)` boolean expression. */
export const FILTER_EXPRESSION = "filter";

const FILTER_PATH = /^[a-z_][a-z0-9_]*(__[a-z0-9_]+)*$/i;

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

/** Types one value and checks choices, min, max and max_length, as the store checks fields. */
function checkOne(
  definition: ParameterDefinition,
  raw: unknown,
  fromText: boolean,
): { value: unknown } | { problem: string } {
  const coerced = coerceValue(definition, raw, fromText);
  return coerced.ok ? { value: coerced.value } : { problem: coerced.problem };
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
    if (command.acceptsFilters && name === FILTER_EXPRESSION && typeof given === "string")
      filter = given;
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
    // Value problems read "expected ..., got ...": they follow a colon, the others a space.
    const list = problems
      .map(
        (p) =>
          `parameter '${p.parameter}'${p.problem.startsWith("expected") ? ":" : ""} ${p.problem}`,
      )
      .join("; ");
    throw ParameterInvalid.create(`${command.name}: ${list}`, {
      hint: `Run \`cairn ${command.name} --help\` to see its parameters.`,
      details: { problems },
    });
  }
  return { values, filters, ...(filter === undefined ? {} : { filter }) };
}
