import type { Kysely } from "kysely";
import type { ModelDefinition } from "../../../spec/model-definition.js";
import type { ProjectSpec } from "../../../spec/project-spec.js";
import type { DynamicDatabase } from "../database.js";
import type { DialectAdapter } from "../query/dialect-adapter.js";
import { findModel } from "../query/resolve-path.js";
import type { FieldCipher } from "./field-cipher.js";

/** What every record operation needs: where to run SQL, which backend, which spec. */
export interface StoreContext {
  /** The pool, or the open transaction when inside one. */
  readonly db: Kysely<DynamicDatabase>;
  readonly adapter: DialectAdapter;
  readonly spec: ProjectSpec;
  /** Seals and opens `encrypted` fields. */
  readonly cipher: FieldCipher;
}

export function modelOf(context: StoreContext, name: string): ModelDefinition {
  return findModel(context.spec, name);
}

/** Splits `items` so each statement stays under the backend's parameter limit. */
export function chunked<T>(items: readonly T[], perItem: number, context: StoreContext): T[][] {
  const size = Math.max(
    1,
    Math.min(2000, Math.floor((context.adapter.maxParameters - 10) / Math.max(1, perItem))),
  );
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
