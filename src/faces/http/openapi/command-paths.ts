import type { CommandDefinition } from "../../../spec/command-definition.js";
import type { ProjectSpec } from "../../../spec/project-spec.js";
import { parametersSchema } from "../command-api/parameter-schema.js";
import { BEARER_SCHEME } from "./data-paths.js";
import { errorRefs, type ErrorResponseName } from "./error-components.js";
import { ref, type JsonObject } from "./json-schema.js";

export const COMMAND_TAG = "command";

/** One message of a run, as each NDJSON line (or SSE `data:`) carries it. */
export const messageSchema: JsonObject = {
  type: "object",
  properties: {
    type: {
      type: "string",
      enum: [
        "info",
        "notice",
        "success",
        "warning",
        "error",
        "data",
        "table",
        "progress",
        "status",
      ],
    },
    execution: { type: "string" },
    seq: { type: "integer", minimum: 1 },
    time: { type: "string", format: "date-time" },
    status: { type: "string", enum: ["success", "failed", "aborted"] },
  },
  required: ["type", "execution", "seq", "time"],
  additionalProperties: true,
};

const streamResponse: JsonObject = {
  200: {
    description:
      "The run's messages as they are emitted, one JSON object a line; the last is the `status` message. The `x-cairn-execution` header names the execution.",
    headers: { "x-cairn-execution": { schema: { type: "string" } } },
    content: {
      "application/x-ndjson": { schema: ref("schemas", "Message") },
      "text/event-stream": { schema: { type: "string" } },
    },
  },
};

function secured(
  operation: JsonObject & { responses: JsonObject },
  errors: readonly ErrorResponseName[],
) {
  return {
    tags: [COMMAND_TAG],
    security: [{ [BEARER_SCHEME]: [] }],
    ...operation,
    responses: {
      ...operation.responses,
      ...errorRefs(["Unauthorized", "Forbidden", "TooManyAttempts", ...errors, "Internal"]),
    },
  };
}

function commandOperation(command: CommandDefinition): JsonObject {
  const body = { ...parametersSchema(command.parameters.values()), additionalProperties: true };
  return secured(
    {
      operationId: `run_${command.path.join("_")}`,
      summary: command.help ?? `Run '${command.name}'`,
      requestBody: {
        required: false,
        content: {
          "application/json": { schema: body },
          "application/x-www-form-urlencoded": { schema: body },
        },
      },
      responses: {
        ...streamResponse,
        201: {
          description:
            "With `_schedule` (and `_timezone`, `_begin`, `_end`, `_schedule_name`, `_misfire`, `_overlap`): the schedule was created instead of a run; its row and next fire times",
          content: { "application/json": { schema: ref("schemas", "CreatedSchedule") } },
        },
        202: {
          description: "With `_async`: the run started and goes on without the caller",
          content: { "application/json": { schema: ref("schemas", "Started") } },
        },
      },
    },
    ["BadRequest", "NotFound", "Conflict"],
  );
}

const idParameter = {
  name: "id",
  in: "path",
  required: true,
  schema: { type: "string", pattern: "^[0-9]{1,18}$" },
};

/** The command API: the tree, one POST per command, and the execution routes. */
export function commandPaths(spec: ProjectSpec): Record<string, JsonObject> {
  const paths: Record<string, JsonObject> = {
    "/command": {
      get: secured(
        {
          operationId: "list_commands",
          summary: "The command tree with each command's parameters as JSON Schema",
          responses: {
            200: {
              description: "Every command",
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    properties: { commands: { type: "array", items: { type: "object" } } },
                    required: ["commands"],
                  },
                },
              },
            },
          },
        },
        [],
      ),
    },
    "/command/executions/{id}/stream": {
      get: secured(
        {
          operationId: "follow_execution",
          summary: "Replay an execution's messages after `after`, then follow it live to its end",
          parameters: [
            idParameter,
            { name: "after", in: "query", schema: { type: "integer", minimum: 0 } },
          ],
          responses: streamResponse,
        },
        ["BadRequest", "NotFound"],
      ),
    },
    "/command/executions/{id}/abort": {
      post: secured(
        {
          operationId: "abort_execution",
          summary: "Ask a running execution to stop",
          parameters: [idParameter],
          responses: {
            200: {
              description: "The execution's status when asked",
              content: { "application/json": { schema: ref("schemas", "AbortAnswer") } },
            },
          },
        },
        ["BadRequest", "NotFound"],
      ),
    },
    "/command/executions/{id}/rerun": {
      post: secured(
        {
          operationId: "rerun_execution",
          summary: "Run the execution's command again with the same parameters",
          parameters: [idParameter],
          responses: streamResponse,
        },
        ["BadRequest", "NotFound", "Conflict"],
      ),
    },
  };
  for (const command of spec.commands.values()) {
    paths[`/command/${command.path.join("/")}`] = { post: commandOperation(command) };
  }
  return paths;
}

/** Schemas the command paths refer to. */
export const commandSchemas: Record<string, JsonObject> = {
  Message: messageSchema,
  Started: {
    type: "object",
    properties: { execution: { type: "string" }, status: { type: "string" } },
    required: ["execution", "status"],
  },
  CreatedSchedule: {
    type: "object",
    properties: {
      schedule: { type: "object", description: "the stored `schedule` row" },
      next: {
        type: "array",
        items: {
          type: "object",
          properties: {
            utc: { type: "string", format: "date-time" },
            local: {
              type: "string",
              description: "the wall time and offset in the schedule's time zone",
            },
          },
          required: ["utc", "local"],
        },
      },
    },
    required: ["schedule", "next"],
  },
  AbortAnswer: {
    type: "object",
    properties: {
      execution: { type: "string" },
      status: {
        type: "string",
        enum: ["queued", "running", "success", "failed", "aborted", "lost"],
      },
      aborting: { type: "boolean" },
    },
    required: ["execution", "status", "aborting"],
  },
};
