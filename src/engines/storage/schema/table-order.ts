import type { TableSchema } from "./schema-types.js";

export interface TableOrder {
  /** Tables with every referenced table before them (among the given ones). */
  readonly tables: readonly TableSchema[];
  /**
   * Foreign keys (`table` -> key name) left out of creation because they close a cycle;
   * they are added once every table exists.
   */
  readonly deferred: ReadonlySet<string>;
}

export function deferredKey(table: string, foreignKey: string): string {
  return `${table}\u0000${foreignKey}`;
}

/**
 * Orders tables so referenced ones come first: a depth-first topological sort over the
 * given tables' foreign keys, deterministic by table name. A key that points back into
 * the table currently being visited (a cycle) is deferred; self references are fine.
 */
export function orderByReferences(tables: readonly TableSchema[]): TableOrder {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const state = new Map<string, "visiting" | "done">();
  const ordered: TableSchema[] = [];
  const deferred = new Set<string>();
  const visit = (table: TableSchema) => {
    state.set(table.name, "visiting");
    for (const fk of [...table.foreignKeys].sort((a, b) => a.name.localeCompare(b.name))) {
      const target = byName.get(fk.referencedTable);
      if (target === undefined || target.name === table.name) continue;
      const seen = state.get(target.name);
      if (seen === "visiting") deferred.add(deferredKey(table.name, fk.name));
      else if (seen === undefined) visit(target);
    }
    state.set(table.name, "done");
    ordered.push(table);
  };
  for (const table of [...tables].sort((a, b) => a.name.localeCompare(b.name))) {
    if (!state.has(table.name)) visit(table);
  }
  return { tables: ordered, deferred };
}
