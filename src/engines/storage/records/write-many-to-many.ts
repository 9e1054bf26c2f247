import type { ModelDefinition } from "../../../spec/model-definition.js";
import { JOIN_SOURCE_COLUMN, JOIN_TARGET_COLUMN, joinTableName } from "../naming.js";
import { keyIdentity } from "./record-keys.js";
import type { RecordKey } from "./record-store.js";
import type { RelationIds } from "./resolve-relations.js";
import { chunked, type StoreContext } from "./store-context.js";

interface RowWithLinks {
  readonly id: number | undefined;
  /** Many-to-many relation -> the related keys given; relations not given stay. */
  readonly links: ReadonlyMap<string, readonly RecordKey[]> | undefined;
}

/**
 * Replaces the many-to-many lists the rows give: one DELETE per relation and chunk,
 * then multi-row INSERTs of the new pairs. Relations a row does not mention stay.
 */
export async function replaceManyToMany(
  context: StoreContext,
  model: ModelDefinition,
  rows: readonly RowWithLinks[],
  ids: RelationIds,
): Promise<void> {
  for (const relation of model.relations.values()) {
    if (!relation.multiple) continue;
    const table = joinTableName(model.name, relation.name);
    const targets = ids.get(relation.name);
    const sources: number[] = [];
    const pairs: Record<string, number>[] = [];
    for (const row of rows) {
      const keys = row.links?.get(relation.name);
      if (keys === undefined || row.id === undefined) continue;
      sources.push(row.id);
      const linked = new Set(keys.flatMap((key) => targets?.get(keyIdentity(key)) ?? []));
      for (const target of linked) {
        pairs.push({ [JOIN_SOURCE_COLUMN]: row.id, [JOIN_TARGET_COLUMN]: target });
      }
    }
    for (const chunk of chunked(sources, 1, context)) {
      await context.db.deleteFrom(table).where(JOIN_SOURCE_COLUMN, "in", chunk).execute();
    }
    for (const chunk of chunked(pairs, 2, context)) {
      await context.db.insertInto(table).values(chunk).execute();
    }
  }
}
