import type {
  ChangeObserver,
  RecordStore,
  RowChange,
} from "../../engines/storage/records/index.js";
import type { ProjectSpec } from "../../spec/project-spec.js";
import { AUDIT_MODEL, auditValues, type AuditActor } from "./audit-entry.js";

/**
 * Records one audit entry per change, through `store`: the store of the write's own
 * transaction, so the entries commit with the change or not at all.
 */
export async function recordChanges(
  store: RecordStore,
  changes: readonly RowChange[],
  actor: AuditActor,
): Promise<void> {
  if (changes.length === 0) return;
  await store.saveMany(
    AUDIT_MODEL,
    changes.map((change) => ({ key: { key: "" }, values: auditValues(store.spec, change, actor) })),
  );
}

/**
 * The observer the data API's writes take: their changes recorded as `actor`'s, by the
 * project's whole `spec` (a writer's view of it may lack the audit trail).
 */
export function auditObserver(spec: ProjectSpec, actor: AuditActor): ChangeObserver {
  return { spec, changed: (changes, store) => recordChanges(store, changes, actor) };
}

/**
 * A command run's actor: its user, its execution and that execution's origin (`cli`,
 * `api`, `schedule`, ...), read from the execution's row. An unrecorded run (no
 * execution) counts as the CLI's.
 */
export async function commandActor(
  store: RecordStore,
  execution: string,
  user: string,
): Promise<AuditActor> {
  if (execution === "") return { user, origin: "cli" };
  const [row] = await store.list("execution", {
    filters: [{ path: "id", value: execution }],
    fields: ["origin"],
  });
  const origin = typeof row?.origin === "string" ? row.origin : "cli";
  return { user, origin, execution };
}
