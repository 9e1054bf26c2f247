import type { CommandDefinition, ResourceAction } from "./command-definition.js";
import type { ModelDefinition } from "./model-definition.js";
import type { ParameterDefinition } from "./parameter-definition.js";

/** Parameter options without what every derived parameter shares. */
type ParamOptions = Omit<ParameterDefinition, "name" | "source" | "required" | "multiple"> &
  Partial<Pick<ParameterDefinition, "required" | "multiple">>;
type Param = (name: string, options: ParamOptions) => [string, ParameterDefinition];

/**
 * The resource commands every model gets at its path: `<model> list|get|save|remove|clear`,
 * run by the built-ins `resource.<action>`. Derived here so every face (CLI, command API,
 * schedules) sees them as ordinary commands.
 */
export function deriveResourceCommands(model: ModelDefinition): CommandDefinition[] {
  const param: Param = (name, options) => [
    name,
    { name, required: false, multiple: false, ...options, source: model.source },
  ];
  const keyParameters = [
    param("key", { type: "string", required: true, help: `the ${model.name}'s ${model.key}` }),
    ...model.scope.map((relation) =>
      param(relation, {
        type: "key",
        model: model.relations.get(relation)?.model ?? relation,
        required: true,
        help: `the ${relation} the key is unique within`,
      }),
    ),
  ];
  const command = (
    action: ResourceAction,
    help: string,
    parameters: readonly [string, ParameterDefinition][],
    acceptsFilters: boolean,
  ): CommandDefinition => ({
    path: [model.name, action],
    name: `${model.name} ${action}`,
    module: model.module,
    builtin: { name: `resource.${action}`, model: model.name },
    help,
    parameters: new Map(parameters),
    acceptsFilters,
    // Editing a model implies reading it.
    roles:
      action === "list" || action === "get"
        ? [...new Set([...model.roles.view, ...model.roles.edit])]
        : model.roles.edit,
    background: false,
    retries: 0,
    interruptible: false,
    recorded: true,
    source: model.source,
  });
  return [
    command(
      "list",
      `List ${model.name} records`,
      [
        param("order", {
          type: "string",
          multiple: true,
          help: "fields to sort by, -field for descending",
        }),
        param("limit", { type: "integer", min: 0, help: "at most this many records" }),
        param("offset", { type: "integer", min: 0, help: "skip this many records" }),
        param("fields", {
          type: "string",
          multiple: true,
          help: "fields to show (paths cross relations)",
        }),
      ],
      true,
    ),
    command("get", `Show one ${model.name} record`, keyParameters, false),
    command(
      "save",
      `Create or change one ${model.name} record`,
      [...keyParameters, ...saveParameters(model, param)],
      false,
    ),
    command("remove", `Remove one ${model.name} record`, keyParameters, false),
    command(
      "clear",
      `Remove every ${model.name} record matching the filters`,
      [param("force", { type: "flag", help: "really remove the records" })],
      true,
    ),
  ];
}

/** One optional parameter per field and relation: save is an upsert, so none is required. */
function saveParameters(model: ModelDefinition, param: Param): [string, ParameterDefinition][] {
  const result: [string, ParameterDefinition][] = [];
  for (const field of model.fields.values()) {
    if (field.system || field.name === "key") continue;
    result.push(
      param(field.name, {
        type: field.type,
        ...(field.choices === undefined ? {} : { choices: field.choices }),
        ...(field.min === undefined ? {} : { min: field.min }),
        ...(field.max === undefined ? {} : { max: field.max }),
        ...(field.maxLength === undefined ? {} : { maxLength: field.maxLength }),
        ...(field.help === undefined ? {} : { help: field.help }),
        ...(field.encrypted ? { sensitive: true as const } : {}),
      }),
    );
  }
  for (const relation of model.relations.values()) {
    if (model.scope.includes(relation.name)) continue;
    result.push(
      param(relation.name, {
        type: "key",
        model: relation.model,
        multiple: relation.multiple,
        ...(relation.help === undefined ? {} : { help: relation.help }),
      }),
    );
  }
  return result;
}
