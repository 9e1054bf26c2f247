import type { CommandDefinition } from "../../../spec/command-definition.js";
import type { CliOutput } from "../cli-output.js";
import { CsvRenderer } from "./csv-renderer.js";
import { HumanRenderer } from "./human-renderer.js";
import { JsonResultRenderer } from "./json-result-renderer.js";
import { NdjsonRenderer } from "./ndjson-renderer.js";
import { resourceActionOf, type Renderer } from "./renderer.js";

/** The renderer for the chosen format; json means a document for resources, NDJSON otherwise. */
export function createRenderer(output: CliOutput, command: CommandDefinition): Renderer {
  switch (output.format) {
    case "table":
      return new HumanRenderer(output, command);
    case "csv":
      return new CsvRenderer(output, command);
    case "json":
      return resourceActionOf(command) === undefined
        ? new NdjsonRenderer(output)
        : new JsonResultRenderer(output);
  }
}
