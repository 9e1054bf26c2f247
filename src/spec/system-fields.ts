import type { FieldDefinition } from "./field-definition.js";
import type { SourceLocation } from "./source-location.js";

/** `id`, `created` and `updated`: every model has them, set by the platform, never by users. */
export function systemFields(
  source: SourceLocation,
): [FieldDefinition, FieldDefinition, FieldDefinition] {
  const base = {
    required: true,
    index: false,
    encrypted: false,
    hidden: false,
    system: true,
    source,
  } as const;
  return [
    {
      ...base,
      name: "id",
      type: "integer",
      unique: true,
      help: "the row's number, set by the database",
    },
    {
      ...base,
      name: "created",
      type: "datetime",
      unique: false,
      help: "when the record was created",
    },
    {
      ...base,
      name: "updated",
      type: "datetime",
      unique: false,
      help: "when the record last changed",
    },
  ];
}
