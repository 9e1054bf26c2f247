import type { FieldType } from "../../../spec/field-types.js";

/** Date transforms: each turns a date, datetime or time into an integer part. */
export const TRANSFORMS = [
  "year",
  "month",
  "day",
  "week",
  "weekday",
  "quarter",
  "hour",
  "minute",
] as const;

export type Transform = (typeof TRANSFORMS)[number];

export function isTransform(name: string): name is Transform {
  return (TRANSFORMS as readonly string[]).includes(name);
}

/**
 * Transforms each type offers. `week` is the ISO 8601 week number and `weekday` the
 * ISO day (Monday 1 to Sunday 7) on every backend; datetimes are taken in UTC.
 */
export function transformsFor(type: FieldType): readonly Transform[] {
  switch (type) {
    case "date":
      return ["year", "month", "day", "week", "weekday", "quarter"];
    case "datetime":
      return TRANSFORMS;
    case "time":
      return ["hour", "minute"];
    case "string":
    case "text":
    case "integer":
    case "bigint":
    case "float":
    case "decimal":
    case "boolean":
    case "duration":
    case "json":
    case "uuid":
    case "binary":
      return [];
  }
}
