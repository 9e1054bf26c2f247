import { sql, type Expression, type ExpressionBuilder, type SqlBool } from "kysely";
import type { Database, DynamicDatabase } from "../database.js";
import { compareColumns, type Narrowing } from "./column-change.js";
import type { SchemaDialect } from "./dialects/schema-dialect.js";
import { schemaDialectFor } from "./dialects/schema-dialects.js";
import type { MigrationPlan, MigrationStep, PlanImpact } from "./migration-plan.js";
import type { ColumnSchema } from "./schema-types.js";

type Where = (eb: ExpressionBuilder<DynamicDatabase, string>) => Expression<SqlBool>;

/** Rows whose value a narrowing loses. */
function narrowingFilter(dialect: SchemaDialect, from: ColumnSchema, narrowing: Narrowing): Where {
  const column = from.name;
  switch (narrowing.kind) {
    case "length":
      return (eb) => {
        const value =
          from.type === "string" || from.type === "text"
            ? eb.ref(column)
            : eb.cast(eb.ref(column), sql.raw(dialect.textType));
        return eb(eb.fn(dialect.lengthFunction, [value]), ">", narrowing.maxLength);
      };
    case "range": {
      const factor = 10 ** narrowing.scale;
      return (eb) => {
        const scaled = eb(eb.ref(column), "*", factor);
        return eb.or([
          eb(eb.fn("abs", [eb.ref(column)]), ">=", narrowing.limit),
          eb(scaled, "<>", eb.fn("floor", [scaled])),
        ]);
      };
    }
    case "incompatible":
      return (eb) => eb(eb.ref(column), "is not", null);
  }
}

async function countRows(database: Database, table: string, where?: Where): Promise<number> {
  let query = database.db.selectFrom(table).select((eb) => eb.fn.countAll().as("n"));
  if (where !== undefined) query = query.where(where);
  const row = (await query.executeTakeFirst()) as { n: number | string | bigint } | undefined;
  return Number(row?.n ?? 0);
}

async function measureStep(
  database: Database,
  dialect: SchemaDialect,
  step: MigrationStep,
): Promise<number | undefined> {
  switch (step.kind) {
    case "drop_table":
      return countRows(database, step.table);
    case "drop_column":
      return countRows(database, step.table, (eb) => eb(eb.ref(step.column), "is not", null));
    case "add_column":
      return step.rowCheck === true ? countRows(database, step.table) : undefined;
    case "alter_column": {
      if (step.destructive === undefined) return undefined;
      const change = compareColumns(step.from, step.to);
      let rows = 0;
      if (change?.narrowing !== undefined) {
        rows += await countRows(
          database,
          step.table,
          narrowingFilter(dialect, step.from, change.narrowing),
        );
      }
      if (change?.fillsNulls === true && step.to.default === undefined) {
        rows += await countRows(database, step.table, (eb) =>
          eb(eb.ref(step.from.name), "is", null),
        );
      }
      return rows;
    }
    case "create_table":
    case "create_index":
    case "drop_index":
    case "add_foreign_key":
    case "drop_foreign_key":
      return undefined;
  }
}

/**
 * For each step that can destroy data, how many rows it touches: rows of a dropped
 * table, values of a dropped column, values a narrowed type cannot hold, NULLs a new
 * NOT NULL constraint rejects, rows that a new NOT NULL column would leave empty.
 */
export async function measurePlanImpact(
  database: Database,
  plan: MigrationPlan,
): Promise<PlanImpact> {
  const dialect = schemaDialectFor(database.dialect);
  const rows: (number | undefined)[] = [];
  for (const step of plan.steps) rows.push(await measureStep(database, dialect, step));
  return { rows };
}
