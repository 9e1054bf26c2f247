import { ParameterInvalid } from "../../foundations/error-codes.js";
import { REDACTED } from "../../foundations/redact-secrets.js";
import type { CommandDefinition } from "../../spec/command-definition.js";
import type { ProjectSpec } from "../../spec/project-spec.js";
import { FILTER_EXPRESSION } from "./resolve-parameters.js";

/** The names of a command's sensitive parameters: `secret` ones, and encrypted fields' in `save`. */
export function sensitiveNames(command: CommandDefinition): string[] {
  return [...command.parameters.values()].filter((p) => p.sensitive === true).map((p) => p.name);
}

/** Whether `path` (`secret`, `owner__code`, `code__in`) ends on an encrypted field. */
export function encryptedPath(spec: ProjectSpec, model: string, path: string): boolean {
  let current = spec.models.get(model);
  for (const segment of path.split("__")) {
    if (current === undefined) return false;
    const field = current.fields.get(segment);
    if (field !== undefined) return field.encrypted;
    const target =
      current.relations.get(segment)?.model ?? current.reverseRelations.get(segment)?.model;
    current = target === undefined ? undefined : spec.models.get(target);
  }
  return false;
}

/** Whether a `filter=` expression names an encrypted field of the spec anywhere. */
function encryptedExpression(spec: ProjectSpec, expression: string): boolean {
  for (const model of spec.models.values()) {
    for (const field of model.fields.values()) {
      if (field.encrypted && new RegExp(`(^|[(,_])${field.name}(__|=)`).test(expression)) {
        return true;
      }
    }
  }
  return false;
}

/**
 * The recorded names whose values must not be stored in clear: sensitive parameters,
 * and for a resource command the filters on encrypted fields (a searchable field's
 * value is as secret as the field) and a `filter=` expression that names one.
 */
function sensitiveKeys(
  command: CommandDefinition,
  recorded: Readonly<Record<string, unknown>>,
  spec: ProjectSpec,
): string[] {
  const keys = sensitiveNames(command);
  const model = command.builtin?.model;
  if (model === undefined) return keys;
  for (const key of Object.keys(recorded)) {
    if (command.parameters.has(key)) continue;
    const value = recorded[key];
    const sensitive =
      key === FILTER_EXPRESSION
        ? typeof value === "string" && encryptedExpression(spec, value)
        : encryptedPath(spec, model, key);
    if (sensitive) keys.push(key);
  }
  return keys;
}

/**
 * A schedule's parameters (as `schedule save` or a spec file gives them) with the values
 * of its command's sensitive parameters as `***`: every command's, when `command` names
 * none the spec knows. Undefined when nothing in them is sensitive.
 */
export function redactedScheduleParameters(
  spec: ProjectSpec,
  command: unknown,
  given: unknown,
): Record<string, unknown> | undefined {
  if (typeof given !== "object" || given === null || Array.isArray(given)) return undefined;
  const named = typeof command === "string" ? spec.commands.get(command) : undefined;
  const sensitive = new Set(
    (named === undefined ? [...spec.commands.values()] : [named]).flatMap(sensitiveNames),
  );
  const entries = Object.entries(given as Record<string, unknown>);
  if (!entries.some(([name, value]) => sensitive.has(name) && value !== REDACTED)) return undefined;
  return Object.fromEntries(
    entries.map(([name, value]) => [name, sensitive.has(name) ? REDACTED : value]),
  );
}

/** Recorded parameters split in two: what is stored in clear, and the sensitive values apart. */
export interface SplitParameters {
  /** The parameters with each given sensitive value as `***`. */
  readonly parameters: Readonly<Record<string, unknown>>;
  /** The sensitive values by name, for the execution's encrypted `secrets` field; undefined when none. */
  readonly secrets: Readonly<Record<string, unknown>> | undefined;
}

/**
 * Takes the sensitive values out of recorded parameters: an execution stores `***` in
 * its `parameters` (which every face shows) and the values in its hidden, encrypted
 * `secrets` field, from which a worker or a rerun takes them back.
 */
export function splitSecrets(
  command: CommandDefinition,
  recorded: Readonly<Record<string, unknown>>,
  spec: ProjectSpec,
): SplitParameters {
  const keys = sensitiveKeys(command, recorded, spec).filter(
    (key) => recorded[key] !== undefined && recorded[key] !== null,
  );
  const scheduled =
    command.builtin?.model === "schedule"
      ? redactedScheduleParameters(spec, recorded.command, recorded.parameters)
      : undefined;
  if (keys.length === 0 && scheduled === undefined) {
    return { parameters: recorded, secrets: undefined };
  }
  const secrets: Record<string, unknown> = {};
  const parameters: Record<string, unknown> = { ...recorded };
  for (const key of keys) {
    secrets[key] = recorded[key];
    parameters[key] = REDACTED;
  }
  if (scheduled !== undefined) {
    // The whole value is kept, so a rerun takes back the parameters as they were given.
    secrets.parameters = recorded.parameters;
    parameters.parameters = scheduled;
  }
  return { parameters, secrets };
}

/**
 * Recorded parameters with their sensitive values put back. A sensitive parameter
 * recorded as `***` whose value is not stored (its row was written by a process that
 * stopped before sealing it) is refused: a run never goes on with `***` as the value.
 */
export function joinSecrets(
  command: CommandDefinition,
  recorded: Readonly<Record<string, unknown>>,
  secrets: Readonly<Record<string, unknown>> | undefined,
): Record<string, unknown> {
  const joined: Record<string, unknown> = { ...recorded, ...secrets };
  for (const name of sensitiveNames(command)) {
    if (joined[name] === REDACTED && secrets?.[name] === undefined) {
      throw ParameterInvalid.create(
        `the secret parameter '${name}' of ${command.name} was not stored with the execution`,
        { hint: "Run the command again, giving the secret.", details: { parameter: name } },
      );
    }
  }
  return joined;
}

/**
 * Parameters given again as a stored schedule shows them: a value given as `***` takes
 * the stored secret of the same name back. A sensitive parameter left at `***` with no
 * stored value behind it is refused rather than kept as the text `***`.
 */
export function keepStoredSecrets(
  command: CommandDefinition,
  given: Readonly<Record<string, unknown>>,
  stored: Readonly<Record<string, unknown>> | undefined,
): Record<string, unknown> {
  const kept: Record<string, unknown> = { ...given };
  for (const [name, value] of Object.entries(given)) {
    if (value === REDACTED && stored?.[name] !== undefined) kept[name] = stored[name];
  }
  for (const name of sensitiveNames(command)) {
    if (kept[name] === REDACTED) {
      throw ParameterInvalid.create(
        `the secret parameter '${name}' of ${command.name} is given as '${REDACTED}', and no value is stored for it`,
        { hint: `Give the secret's value: ${name}=...`, details: { parameter: name } },
      );
    }
  }
  return kept;
}

/** Whether an execution of `command` may have stored sensitive values to take back. */
export function maySealParameters(command: CommandDefinition): boolean {
  return sensitiveNames(command).length > 0 || command.builtin?.model !== undefined;
}
