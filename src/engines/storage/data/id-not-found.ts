import type { ModelDefinition } from "../../../spec/model-definition.js";
import { RecordNotFound } from "../../../foundations/error-codes.js";

/** CAIRN_RECORD_NOT_FOUND for an id-addressed read or write. */
export function idNotFound(model: ModelDefinition, id: number): never {
  throw RecordNotFound.create(`no ${model.name} has the id ${String(id)}`, {
    hint: `List them with GET /data/${model.name}.`,
    details: { model: model.name, id },
  });
}
