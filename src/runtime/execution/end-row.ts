import type { TableExpressions } from "../../engines/storage/database.js";

/** An ended execution's row as its notification needs it, with its command's subscription. */
export interface EndRow {
  readonly id: unknown;
  readonly command: string;
  readonly status: unknown;
  readonly notify: unknown;
  readonly notified: unknown;
  readonly parent_id: unknown;
  /** The `on` of the command's `notification` row; null without one. */
  readonly on: unknown;
}

/**
 * The columns of an EndRow, for a SELECT from `execution` or the RETURNING of the UPDATE
 * that ends it (so the end and its read are one statement where the backend allows).
 */
export function endRowColumns(eb: TableExpressions<"execution">) {
  return [
    "id",
    "command",
    "status",
    "notify",
    "notified",
    "parent_id",
    eb
      .selectFrom("notification")
      .select("notification.on")
      .whereRef("notification.command", "=", "execution.command")
      .as("on"),
  ] as const;
}
