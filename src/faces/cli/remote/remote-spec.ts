import type { JsonValue } from "../../../spec/field-types.js";
import { isParameterType } from "../../../spec/field-types.js";
import { RESOURCE_ACTIONS, type CommandDefinition } from "../../../spec/command-definition.js";
import type { ParameterDefinition } from "../../../spec/parameter-definition.js";
import type { ProjectSpec } from "../../../spec/project-spec.js";
import type { SourceLocation } from "../../../spec/source-location.js";
import type { CommandDescription, ParameterSchema } from "../../client/index.js";

/**
 * A server's command tree (`GET /command`) as the spec the CLI builds its commands and
 * help from, so `cairn --host NAME ...` offers the server's commands, not the local
 * project's. Only commands are known: no models, modules or roles.
 */
export function remoteSpec(url: string, commands: readonly CommandDescription[]): ProjectSpec {
  const models = resourceModels(commands);
  return {
    root: url,
    name: url,
    version: "",
    modules: [],
    models: new Map(),
    commands: new Map(commands.map((c) => [c.name, commandDefinition(url, c, models)])),
    roles: new Map(),
    schedules: new Map(),
  };
}

/**
 * Models whose resource commands the server lists: every model has `<model> list`,
 * the only `list` that takes filters (a declared command may not take a resource
 * command's name).
 */
function resourceModels(commands: readonly CommandDescription[]): ReadonlySet<string> {
  const models = new Set<string>();
  for (const { path, accepts_filters } of commands) {
    const [model, action, ...rest] = path;
    if (model !== undefined && action === "list" && rest.length === 0 && accepts_filters) {
      models.add(model);
    }
  }
  return models;
}

function commandDefinition(
  url: string,
  description: CommandDescription,
  models: ReadonlySet<string>,
): CommandDefinition {
  const source: SourceLocation = { file: url, line: 0, column: 0, path: description.name };
  const { properties, required } = description.parameters;
  const parameters = new Map(
    Object.entries(properties).map(([name, schema]) => [
      name,
      parameterDefinition(name, schema, required.includes(name), source),
    ]),
  );
  const [model, action, ...rest] = description.path;
  const resource =
    model !== undefined && models.has(model) && rest.length === 0
      ? RESOURCE_ACTIONS.find((a) => a === action)
      : undefined;
  return {
    path: [...description.path],
    name: description.name,
    module: description.module,
    // Resource commands render their results as locally (a list as a table or a JSON array).
    ...(resource === undefined || model === undefined
      ? {}
      : { builtin: { name: `resource.${resource}`, model } }),
    ...(description.help === null ? {} : { help: description.help }),
    parameters,
    acceptsFilters: description.accepts_filters,
    roles: [...description.roles],
    background: description.background,
    retries: 0,
    interruptible: description.interruptible,
    ...(description.lock === null ? {} : { lock: description.lock }),
    recorded: true,
    source,
  };
}

function parameterDefinition(
  name: string,
  schema: ParameterSchema,
  required: boolean,
  source: SourceLocation,
): ParameterDefinition {
  const multiple = schema["x-cairn-multiple"];
  const value = multiple && schema.items !== undefined ? schema.items : schema;
  const type = schema["x-cairn-type"];
  const model = schema["x-cairn-model"];
  return {
    name,
    // A type this CLI does not know (a newer server's) is sent as text all the same.
    type: isParameterType(type) ? type : "string",
    ...(model === undefined ? {} : { model }),
    required,
    ...(schema.default === undefined ? {} : { default: schema.default as JsonValue }),
    ...(value.enum === undefined ? {} : { choices: value.enum as readonly JsonValue[] }),
    ...(value.minimum === undefined ? {} : { min: value.minimum }),
    ...(value.maximum === undefined ? {} : { max: value.maximum }),
    ...(value.maxLength === undefined ? {} : { maxLength: value.maxLength }),
    multiple,
    ...(schema.description === undefined ? {} : { help: schema.description }),
    source,
  };
}
