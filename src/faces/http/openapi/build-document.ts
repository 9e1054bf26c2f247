import type { ProjectSpec } from "../../../spec/project-spec.js";
import { servedModels } from "../data-api/data-api-options.js";
import { COMMAND_TAG, commandPaths, commandSchemas } from "./command-paths.js";
import { commonParameters } from "./common-parameters.js";
import { BEARER_SCHEME, modelPaths } from "./data-paths.js";
import { errorResponses, errorSchema } from "./error-components.js";
import type { JsonObject } from "./json-schema.js";
import { modelSchemas } from "./model-schemas.js";
import { statusPaths } from "./status-paths.js";

export interface DocumentOptions {
  readonly spec: ProjectSpec;
  readonly cairnVersion: string;
  /** Whether this node serves the data API (`--apis`); its paths appear only then. */
  readonly data: boolean;
  /** Whether this node serves the command API. */
  readonly command?: boolean;
  readonly maxPageSize: number;
}

/**
 * The OpenAPI 3.1 document of what this node serves, generated from the spec once at
 * start-up: per model a row, input and patch schema, and every data route with typed
 * filter parameters, the error shape and the bearer scheme.
 */
export function buildOpenApiDocument(options: DocumentOptions): JsonObject {
  const { spec } = options;
  const models = options.data ? servedModels(spec) : [];
  const paths: Record<string, JsonObject> = { ...statusPaths() };
  const command = options.command === true;
  if (command) Object.assign(paths, commandPaths(spec));
  for (const model of models) Object.assign(paths, modelPaths(spec, model));
  return {
    openapi: "3.1.0",
    info: {
      title: spec.name,
      version: spec.version,
      description: `The HTTP APIs of ${spec.name}, served by Cairn ${options.cairnVersion}.`,
    },
    tags: [
      { name: "status", description: "Health" },
      ...(command
        ? [{ name: COMMAND_TAG, description: "Run commands and follow executions" }]
        : []),
      ...models.map((model) => ({
        name: model.name,
        description: model.help ?? `The ${model.name} model`,
      })),
    ],
    paths,
    components: {
      schemas: {
        Error: errorSchema,
        ...(command ? commandSchemas : {}),
        ...modelSchemas(spec, models),
      },
      responses: errorResponses(),
      parameters: models.length === 0 ? {} : commonParameters(options.maxPageSize),
      securitySchemes: {
        [BEARER_SCHEME]: {
          type: "http",
          scheme: "bearer",
          description: "The value of CAIRN_ADMIN_TOKEN.",
        },
      },
    },
  };
}
