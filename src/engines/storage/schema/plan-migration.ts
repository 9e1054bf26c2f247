import { compareColumns } from "./column-change.js";
import type { MigrationPlan, MigrationStep } from "./migration-plan.js";
import type { DatabaseSchema, ForeignKeySchema, IndexSchema, TableSchema } from "./schema-types.js";
import { deferredKey, orderByReferences } from "./table-order.js";

function sameIndex(a: IndexSchema, b: IndexSchema): boolean {
  return a.unique === b.unique && a.columns.join("\u0000") === b.columns.join("\u0000");
}

function sameForeignKey(a: ForeignKeySchema, b: ForeignKeySchema): boolean {
  return (
    a.referencedTable === b.referencedTable &&
    a.onDelete === b.onDelete &&
    a.columns.join("\u0000") === b.columns.join("\u0000") &&
    a.referencedColumns.join("\u0000") === b.referencedColumns.join("\u0000")
  );
}

/** Steps grouped by phase; the phases run in declaration order. */
interface Phases {
  dropForeignKeys: MigrationStep[];
  /** Indexes replaced under the same name, or on columns about to change or go. */
  dropIndexesEarly: MigrationStep[];
  createTables: MigrationStep[];
  addColumns: MigrationStep[];
  alterColumns: MigrationStep[];
  createIndexes: MigrationStep[];
  dropIndexes: MigrationStep[];
  dropColumns: MigrationStep[];
  dropTables: MigrationStep[];
  addForeignKeys: MigrationStep[];
}

function planTableChanges(current: TableSchema, wanted: TableSchema, phases: Phases): void {
  const table = wanted.name;
  const currentColumns = new Map(current.columns.map((c) => [c.name, c]));
  const wantedColumns = new Map(wanted.columns.map((c) => [c.name, c]));
  for (const column of wanted.columns) {
    const existing = currentColumns.get(column.name);
    if (existing === undefined) {
      const rowCheck = !column.nullable && column.default === undefined;
      phases.addColumns.push({
        kind: "add_column",
        table,
        column,
        ...(rowCheck ? { rowCheck } : {}),
      });
      continue;
    }
    if (existing.primaryKey || column.primaryKey) continue;
    const change = compareColumns(existing, column);
    if (change === undefined) continue;
    phases.alterColumns.push({
      kind: "alter_column",
      table,
      from: existing,
      to: column,
      ...(change.destructive === undefined ? {} : { destructive: change.destructive }),
    });
  }
  for (const column of current.columns) {
    if (wantedColumns.has(column.name)) continue;
    phases.dropColumns.push({
      kind: "drop_column",
      table,
      column: column.name,
      destructive: "drops the column and its values",
    });
  }

  const currentIndexes = new Map(current.indexes.map((i) => [i.name, i]));
  const wantedIndexes = new Map(wanted.indexes.map((i) => [i.name, i]));
  for (const index of wanted.indexes) {
    const existing = currentIndexes.get(index.name);
    if (existing !== undefined && sameIndex(existing, index)) continue;
    if (existing !== undefined) {
      phases.dropIndexesEarly.push({ kind: "drop_index", table, index: existing });
    }
    phases.createIndexes.push({ kind: "create_index", table, index });
  }
  const changing = new Set(
    current.columns
      .filter((c) => {
        const next = wantedColumns.get(c.name);
        return next === undefined || compareColumns(c, next)?.type === true;
      })
      .map((c) => c.name),
  );
  for (const index of current.indexes) {
    if (wantedIndexes.has(index.name)) continue;
    const early = index.columns.some((c) => changing.has(c));
    (early ? phases.dropIndexesEarly : phases.dropIndexes).push({
      kind: "drop_index",
      table,
      index,
    });
  }

  const currentKeys = new Map(current.foreignKeys.map((f) => [f.name, f]));
  const wantedKeys = new Map(wanted.foreignKeys.map((f) => [f.name, f]));
  for (const foreignKey of wanted.foreignKeys) {
    const existing = currentKeys.get(foreignKey.name);
    if (existing !== undefined && sameForeignKey(existing, foreignKey)) continue;
    if (existing !== undefined) {
      phases.dropForeignKeys.push({ kind: "drop_foreign_key", table, foreignKey: existing });
    }
    phases.addForeignKeys.push({ kind: "add_foreign_key", table, foreignKey });
  }
  for (const foreignKey of current.foreignKeys) {
    if (!wantedKeys.has(foreignKey.name)) {
      phases.dropForeignKeys.push({ kind: "drop_foreign_key", table, foreignKey });
    }
  }
}

/**
 * The steps that turn `current` into `wanted`. Pure: no database, so every rule is
 * unit-tested. Foreign keys are dropped first and added last, referenced tables are
 * created first and dropped last, and new indexes exist before old ones go (MySQL
 * refuses to drop the only index a foreign key uses), except indexes on columns that
 * change type or go, which are dropped before the columns change.
 */
export function planMigration(current: DatabaseSchema, wanted: DatabaseSchema): MigrationPlan {
  const phases: Phases = {
    dropForeignKeys: [],
    dropIndexesEarly: [],
    createTables: [],
    addColumns: [],
    alterColumns: [],
    createIndexes: [],
    dropIndexes: [],
    dropColumns: [],
    dropTables: [],
    addForeignKeys: [],
  };
  const created = [...wanted.tables.values()].filter((t) => !current.tables.has(t.name));
  const order = orderByReferences(created);
  for (const table of order.tables) {
    const deferred = table.foreignKeys.filter((fk) =>
      order.deferred.has(deferredKey(table.name, fk.name)),
    );
    const schema = {
      ...table,
      foreignKeys: table.foreignKeys.filter((fk) => !deferred.includes(fk)),
    };
    phases.createTables.push({ kind: "create_table", table: table.name, schema });
    for (const foreignKey of deferred) {
      phases.addForeignKeys.push({ kind: "add_foreign_key", table: table.name, foreignKey });
    }
  }

  for (const table of [...wanted.tables.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    const existing = current.tables.get(table.name);
    if (existing !== undefined) planTableChanges(existing, table, phases);
  }

  const dropped = [...current.tables.values()].filter((t) => !wanted.tables.has(t.name));
  const dropOrder = orderByReferences(dropped);
  for (const table of [...dropOrder.tables].reverse()) {
    // Keys between dropped tables that close a cycle must go before either table.
    for (const fk of table.foreignKeys) {
      if (dropOrder.deferred.has(deferredKey(table.name, fk.name))) {
        phases.dropForeignKeys.push({
          kind: "drop_foreign_key",
          table: table.name,
          foreignKey: fk,
        });
      }
    }
    phases.dropTables.push({
      kind: "drop_table",
      table: table.name,
      destructive: "drops the table and its rows",
    });
  }

  return {
    steps: [
      ...phases.dropForeignKeys,
      ...phases.dropIndexesEarly,
      ...phases.createTables,
      ...phases.addColumns,
      ...phases.alterColumns,
      ...phases.createIndexes,
      ...phases.dropIndexes,
      ...phases.dropColumns,
      ...phases.dropTables,
      ...phases.addForeignKeys,
    ],
    wanted,
  };
}
