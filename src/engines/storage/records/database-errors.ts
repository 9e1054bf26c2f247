import { RecordConflict, RecordInUse, RecordInvalid } from "../../../foundations/error-codes.js";
import type { CairnError } from "../../../foundations/cairn-error.js";

type Violation = "unique" | "foreign-key-delete" | "foreign-key-insert";

/** Reads a constraint violation from any backend's driver error. */
export function violationOf(error: unknown): Violation | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { code, errno } = error as { code?: unknown; errno?: unknown };
  if (code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY")
    return "unique";
  if (code === "23505" || errno === 1062) return "unique";
  if (code === "SQLITE_CONSTRAINT_FOREIGNKEY") return "foreign-key-delete";
  if (code === "23503") return "foreign-key-delete";
  if (errno === 1451) return "foreign-key-delete";
  if (errno === 1452) return "foreign-key-insert";
  return undefined;
}

/** A user-facing error for a violation, or the error itself when it is something else. */
export function translateDatabaseError(error: unknown, model: string, action: string): unknown {
  const violation = violationOf(error);
  const message = error instanceof Error ? error.message : String(error);
  let translated: CairnError | undefined;
  switch (violation) {
    case "unique":
      translated = RecordConflict.create(
        `cannot ${action} ${model}: another ${model} already has the same unique value (${message})`,
        { hint: `Use a different value, or save the existing ${model} by its key.`, cause: error },
      );
      break;
    case "foreign-key-delete":
      translated = RecordInUse.create(
        `cannot ${action} ${model}: other records refer to it (${message})`,
        { hint: "Remove or re-point the records that refer to it first.", cause: error },
      );
      break;
    case "foreign-key-insert":
      translated = RecordInvalid.create(`cannot ${action} ${model}: a related record is missing`, {
        cause: error,
      });
      break;
    case undefined:
      return error;
  }
  return translated;
}
