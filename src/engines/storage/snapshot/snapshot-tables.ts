import type { ProjectSpec } from "../../../spec/project-spec.js";
import { orderByReferences } from "../schema/table-order.js";
import { deferredKey } from "../schema/table-order.js";
import { wantedSchema, type TableSchema } from "../schema/index.js";

/** A table as a snapshot moves it: its schema and the columns filled in afterwards. */
export interface SnapshotTable {
  readonly schema: TableSchema;
  /** Ordering key: `id`, or both columns of a join table. */
  readonly keyColumns: readonly string[];
  /**
   * Foreign-key columns that may point at rows inserted later (the table itself, or a
   * reference cycle): inserted empty, then set once every row exists.
   */
  readonly lateColumns: readonly string[];
}

/** Every table of the spec's models, referenced tables first. */
export function snapshotTables(spec: ProjectSpec): SnapshotTable[] {
  const order = orderByReferences([...wantedSchema(spec).tables.values()]);
  return order.tables.map((schema) => {
    const hasId = schema.columns.some((c) => c.name === "id");
    const lateColumns = schema.foreignKeys
      .filter(
        (fk) =>
          fk.referencedTable === schema.name ||
          order.deferred.has(deferredKey(schema.name, fk.name)),
      )
      .flatMap((fk) => fk.columns);
    return {
      schema,
      keyColumns: hasId ? ["id"] : schema.columns.map((c) => c.name),
      lateColumns: hasId ? lateColumns : [],
    };
  });
}
