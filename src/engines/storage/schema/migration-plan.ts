import type {
  ColumnSchema,
  DatabaseSchema,
  ForeignKeySchema,
  IndexSchema,
  TableSchema,
} from "./schema-types.js";

/**
 * One change the planner found. `destructive` holds the reason when the step loses
 * data whatever the rows; `rowCheck` marks a step that loses data only when the table
 * has rows (a NOT NULL column without a default), which measuring decides.
 */
export type MigrationStep =
  | { readonly kind: "create_table"; readonly table: string; readonly schema: TableSchema }
  | { readonly kind: "drop_table"; readonly table: string; readonly destructive: string }
  | {
      readonly kind: "add_column";
      readonly table: string;
      readonly column: ColumnSchema;
      readonly rowCheck?: true;
    }
  | {
      readonly kind: "drop_column";
      readonly table: string;
      readonly column: string;
      readonly destructive: string;
    }
  | {
      readonly kind: "alter_column";
      readonly table: string;
      readonly from: ColumnSchema;
      readonly to: ColumnSchema;
      readonly destructive?: string;
    }
  | { readonly kind: "create_index"; readonly table: string; readonly index: IndexSchema }
  | { readonly kind: "drop_index"; readonly table: string; readonly index: IndexSchema }
  | {
      readonly kind: "add_foreign_key";
      readonly table: string;
      readonly foreignKey: ForeignKeySchema;
    }
  | {
      readonly kind: "drop_foreign_key";
      readonly table: string;
      readonly foreignKey: ForeignKeySchema;
    };

export type MigrationStepKind = MigrationStep["kind"];

export interface MigrationPlan {
  /** Steps in the order they must run (referenced tables first, foreign keys dropped first). */
  readonly steps: readonly MigrationStep[];
  /** The schema the steps lead to; SQLite rebuilds tables from it. */
  readonly wanted: DatabaseSchema;
}

/** Rows each step would destroy, by step position; undefined for steps that destroy nothing. */
export interface PlanImpact {
  readonly rows: readonly (number | undefined)[];
}

/** The reason a step needs `--allow-destructive`, or undefined when it does not. */
export function destructiveReason(
  step: MigrationStep,
  rows: number | undefined,
): string | undefined {
  switch (step.kind) {
    case "drop_table":
    case "drop_column":
      return step.destructive;
    case "alter_column":
      return step.destructive;
    case "add_column":
      return step.rowCheck === true && (rows === undefined || rows > 0)
        ? "adds a NOT NULL column without a default to a table with rows"
        : undefined;
    case "create_table":
    case "create_index":
    case "drop_index":
    case "add_foreign_key":
    case "drop_foreign_key":
      return undefined;
  }
}
