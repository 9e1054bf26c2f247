import type { FieldDefinition } from "../../../../spec/field-definition.js";
import { codecFor } from "./codec-for.js";
import type { FieldValue } from "./field-codec.js";
import { ValueError, showValue } from "./value-error.js";

/** Strings stand for themselves: within one non-json field every parsed value has one type. */
function comparable(field: FieldDefinition, value: FieldValue): string {
  if (typeof value === "string" && field.type !== "json") return value;
  return Buffer.isBuffer(value) ? value.toString("base64") : JSON.stringify(value);
}

function numeric(field: FieldDefinition, value: FieldValue): number | bigint | undefined {
  switch (field.type) {
    case "integer":
    case "float":
    case "duration":
      return value as number;
    case "bigint":
      return BigInt(value as string);
    case "decimal":
      return Number(value);
    case "string":
    case "text":
    case "boolean":
    case "date":
    case "datetime":
    case "time":
    case "json":
    case "uuid":
    case "binary":
      return undefined;
  }
}

const ALLOWED = new WeakMap<FieldDefinition, ReadonlySet<string>>();

/** The field's choices as comparable text, typed once per field rather than once per value. */
function allowedChoices(field: FieldDefinition, choices: readonly unknown[]): ReadonlySet<string> {
  let allowed = ALLOWED.get(field);
  if (allowed === undefined) {
    const codec = codecFor(field.type);
    allowed = new Set(
      choices.flatMap((choice) => {
        if (choice === null) return [];
        try {
          return [comparable(field, codec.parse(choice, field))];
        } catch {
          return [];
        }
      }),
    );
    ALLOWED.set(field, allowed);
  }
  return allowed;
}

/**
 * The spec's value options: `choices`, `min`/`max` for numbers and `max_length` for
 * text. Runs on parsed values so `choices: [1, 2]` matches the input "1".
 */
export function checkConstraints(field: FieldDefinition, value: FieldValue): void {
  if (field.choices !== undefined && field.choices.length > 0) {
    if (!allowedChoices(field, field.choices).has(comparable(field, value))) {
      const listed = field.choices.map((c) => JSON.stringify(c)).join(", ");
      throw new ValueError(`expected one of ${listed}, got ${showValue(value)}`);
    }
  }
  const number = numeric(field, value);
  if (number !== undefined) {
    if (field.min !== undefined && number < field.min) {
      throw new ValueError(`expected at least ${field.min}, got ${String(number)}`);
    }
    if (field.max !== undefined && number > field.max) {
      throw new ValueError(`expected at most ${field.max}, got ${String(number)}`);
    }
  }
  // A string is never longer in code points than in UTF-16 units: count only when needed.
  if (
    field.maxLength !== undefined &&
    typeof value === "string" &&
    value.length > field.maxLength
  ) {
    // Characters as the database counts them: code points, not UTF-16 units.
    let length = 0;
    for (const _ of value) length += 1;
    if (length > field.maxLength) {
      throw new ValueError(`expected at most ${field.maxLength} characters, got ${length}`);
    }
  }
}
