/** The audit trail: one entry per row a write changed, recorded in the write's transaction. */
export {
  AUDIT_MODEL,
  REDACTED,
  auditValues,
  fieldChanges,
  type AuditActor,
  type FieldChange,
} from "./audit-entry.js";
export { auditObserver, recordChanges } from "./record-changes.js";
