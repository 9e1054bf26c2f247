import { existsSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { SpecUnknownKey } from "../foundations/error-codes.js";
import { checkRoles, DEFAULT_ROLES } from "./check-roles.js";
import { COMMAND_KEYS } from "./collect-commands.js";
import type {
  BuiltinReference,
  CommandDefinition,
  HandlerReference,
} from "./command-definition.js";
import type { ModuleContext } from "./module-context.js";
import type { ParameterDefinition } from "./parameter-definition.js";
import type { SpecMap } from "./spec-node.js";
import { asMap, checkKeys, MapReader } from "./spec-reader.js";
import type { SpecProblems } from "./spec-problems.js";
import { validateParameter } from "./validate-parameter.js";

const HANDLER_EXTENSIONS = [".ts", ".js", ".mjs"];
const EXPORT_NAME = /^[A-Za-z_$][\w$]*$/;
const CORE_ONLY_KEYS = ["builtin", "record"];

/**
 * Run options of every command on the CLI (`--queue`, `--async`, `--local`, `--priority`,
 * `--notify`, `--notify-fail`): no parameter takes their names.
 */
export const RUN_OPTION_NAMES = [
  "queue",
  "async",
  "local",
  "priority",
  "notify",
  "notify_fail",
] as const;

export interface CommandContext {
  readonly modelNames: ReadonlySet<string>;
  readonly roleNames: ReadonlySet<string>;
  readonly problems: SpecProblems;
}

/** Validates one command after inheritance. */
export function validateCommand(
  path: readonly string[],
  map: SpecMap,
  module: ModuleContext,
  context: CommandContext,
): CommandDefinition | undefined {
  const { problems } = context;
  const name = path.join(" ");
  checkKeys(map, COMMAND_KEYS, "command option", problems);
  const reader = new MapReader(map, problems);
  if (!module.isCore) {
    for (const key of CORE_ONLY_KEYS) {
      if (map.entries.has(key)) {
        problems.add(
          SpecUnknownKey,
          `'${key}' is only allowed in the core module`,
          reader.location(key),
          "",
          "Give the command a 'handler: file.ts#export' instead.",
        );
      }
    }
  }
  const handler = readHandler(reader, module.root);
  const builtin = module.isCore ? readBuiltin(reader) : undefined;
  if ((handler === undefined) === (builtin === undefined)) {
    if (handler !== undefined || reader.node("handler") === undefined) {
      problems.invalid(
        handler === undefined
          ? `command '${name}' needs a 'handler'`
          : `command '${name}' has both a 'handler' and a 'builtin'`,
        map.location,
      );
    }
    return undefined;
  }
  const roles = reader.strings("roles") ?? DEFAULT_ROLES;
  checkRoles(roles, reader.location("roles"), context.roleNames, problems);
  const timeout = reader.number("timeout");
  if (timeout !== undefined && timeout <= 0) {
    problems.invalid(
      `'timeout' must be more than 0 seconds, not ${timeout}`,
      reader.location("timeout"),
    );
  }
  const backoff = reader.number("retry_backoff");
  if (backoff !== undefined && backoff < 0) {
    problems.invalid(
      `'retry_backoff' must be at least 0 seconds, not ${backoff}`,
      reader.location("retry_backoff"),
    );
  }
  const priority = reader.integer("priority", 0);
  const help = reader.string("help");
  const lock = reader.string("lock");
  const queue = reader.string("queue");
  return {
    path,
    name,
    module: module.name,
    ...(handler === undefined ? {} : { handler }),
    ...(builtin === undefined ? {} : { builtin }),
    ...(help === undefined ? {} : { help }),
    parameters: readParameters(reader, context),
    acceptsFilters: false,
    roles,
    background: reader.boolean("background") ?? false,
    retries: reader.integer("retries", 0) ?? 0,
    ...(backoff === undefined || backoff < 0 ? {} : { retryBackoff: backoff }),
    ...(priority === undefined ? {} : { priority }),
    ...(timeout === undefined || timeout <= 0 ? {} : { timeout }),
    interruptible: reader.boolean("interruptible") ?? false,
    ...(lock === undefined ? {} : { lock }),
    ...(queue === undefined ? {} : { queue }),
    recorded: module.isCore ? (reader.boolean("record") ?? true) : true,
    source: map.location,
  };
}

/** `handlers/fetch.ts#fetch`: a file of the module (which must exist) and an export. */
function readHandler(reader: MapReader, moduleRoot: string): HandlerReference | undefined {
  const text = reader.string("handler");
  if (text === undefined) return undefined;
  const location = reader.location("handler");
  const hash = text.indexOf("#");
  const file = hash < 0 ? text : text.slice(0, hash);
  const exportName = hash < 0 ? "default" : text.slice(hash + 1);
  if (!EXPORT_NAME.test(exportName)) {
    reader.problems.invalid(`handler export '${exportName}' is not a JavaScript name`, location);
    return undefined;
  }
  if (!HANDLER_EXTENSIONS.some((ext) => file.endsWith(ext))) {
    reader.problems.invalid(
      `handler file '${file}' must end in ${HANDLER_EXTENSIONS.join(", ")}`,
      location,
      "Write 'handler: handlers/fetch.ts#fetch'.",
    );
    return undefined;
  }
  if (isAbsolute(file)) {
    reader.problems.invalid(`handler file '${file}' must be relative to the module`, location);
    return undefined;
  }
  const absolute = resolve(moduleRoot, file);
  if (!existsSync(absolute)) {
    reader.problems.invalid(
      `handler file '${file}' does not exist (looked for ${absolute})`,
      location,
    );
    return undefined;
  }
  return { file: absolute, export: exportName };
}

function readBuiltin(reader: MapReader): BuiltinReference | undefined {
  const name = reader.string("builtin");
  return name === undefined ? undefined : { name };
}

function readParameters(
  reader: MapReader,
  context: CommandContext,
): Map<string, ParameterDefinition> {
  const parameters = new Map<string, ParameterDefinition>();
  const node = reader.node("parameters");
  const map = node === undefined ? undefined : asMap(node, "'parameters'", reader.problems);
  for (const [name, child] of map?.entries ?? []) {
    if ((RUN_OPTION_NAMES as readonly string[]).includes(name)) {
      context.problems.invalid(
        `parameter name '${name}' is reserved: --${name} is a run option of every command`,
        child.location,
      );
      continue;
    }
    const parameter = validateParameter(name, child, context.modelNames, context.problems);
    if (parameter !== undefined) parameters.set(name, parameter);
  }
  return parameters;
}
