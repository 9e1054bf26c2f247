import { nativeTypeLabel } from "./column-change.js";
import {
  destructiveReason,
  type MigrationPlan,
  type MigrationStep,
  type PlanImpact,
} from "./migration-plan.js";

function columns(list: readonly string[]): string {
  return list.join(", ");
}

/** One line per step: `+` adds, `-` removes, `~` changes. */
export function describeStep(step: MigrationStep): string {
  const t = step.table;
  switch (step.kind) {
    case "create_table":
      return `+ create table ${t}`;
    case "drop_table":
      return `- drop table ${t}`;
    case "add_column":
      return `+ add column ${t}.${step.column.name} ${nativeTypeLabel(step.column)}${step.column.nullable ? "" : " not null"}`;
    case "drop_column":
      return `- drop column ${t}.${step.column}`;
    case "alter_column": {
      const label = (c: typeof step.from) =>
        `${nativeTypeLabel(c)}${c.nullable ? "" : " not null"}${c.default === undefined ? "" : ` default ${JSON.stringify(c.default)}`}`;
      return `~ alter column ${t}.${step.to.name}: ${label(step.from)} -> ${label(step.to)}`;
    }
    case "create_index":
      return `+ create ${step.index.unique ? "unique " : ""}index ${step.index.name} on ${t} (${columns(step.index.columns)})`;
    case "drop_index":
      return `- drop index ${step.index.name} on ${t}`;
    case "add_foreign_key": {
      const key = step.foreignKey;
      return `+ add foreign key ${key.name} ${t} (${columns(key.columns)}) -> ${key.referencedTable} (${columns(key.referencedColumns)}) on delete ${key.onDelete}`;
    }
    case "drop_foreign_key":
      return `- drop foreign key ${step.foreignKey.name} on ${t}`;
  }
}

function rowsPhrase(step: MigrationStep, rows: number): string {
  const n = `${String(rows)} ${rows === 1 ? "row" : "rows"}`;
  if (step.kind === "drop_table") return `${n} would be deleted`;
  if (step.kind === "drop_column") return `${n} ${rows === 1 ? "has" : "have"} a value`;
  if (step.kind === "add_column") return `${n} would get a placeholder value`;
  return `${n} affected`;
}

/** The text a destructive step adds to its line, or "" for a safe step. */
export function destructiveNote(step: MigrationStep, rows: number | undefined): string {
  const reason = destructiveReason(step, rows);
  if (reason === undefined) return "";
  return rows === undefined
    ? ` (DESTRUCTIVE: ${reason})`
    : ` (DESTRUCTIVE: ${rowsPhrase(step, rows)}; ${reason})`;
}

/** Human-readable lines: `- drop column station.elevation (DESTRUCTIVE: 12 rows have a value; ...)`. */
export function describePlan(plan: MigrationPlan, impact?: PlanImpact): string[] {
  return plan.steps.map((step, i) => describeStep(step) + destructiveNote(step, impact?.rows[i]));
}
