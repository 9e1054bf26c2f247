/** A JSON Schema (2020-12, as OpenAPI 3.1 uses) or any other plain JSON object. */
export type JsonObject = { readonly [key: string]: unknown };

/** `{"$ref": "#/components/<kind>/<name>"}`. */
export function ref(kind: "schemas" | "responses" | "parameters", name: string): JsonObject {
  return { $ref: `#/components/${kind}/${name}` };
}

/** The schema also allowing null, for fields that are not required. */
export function nullable(schema: JsonObject): JsonObject {
  const { type } = schema;
  if (typeof type === "string") {
    const enumValues = schema.enum;
    return {
      ...schema,
      type: [type, "null"],
      ...(Array.isArray(enumValues) ? { enum: [...(enumValues as unknown[]), null] } : {}),
    };
  }
  if (Object.keys(schema).length === 0) return schema;
  return { anyOf: [schema, { type: "null" }] };
}
