import type { RecordStore } from "../../engines/storage/records/record-store.js";
import { revealField } from "../../engines/storage/records/reveal-field.js";

/**
 * The decrypted sensitive parameters a row stored in its hidden, encrypted `secrets`
 * field (an execution's, or a schedule's), or undefined when it has none.
 */
export async function storedSecrets(
  store: RecordStore,
  model: "execution" | "schedule",
  filter: { readonly path: "id" | "name"; readonly value: string },
): Promise<Readonly<Record<string, unknown>> | undefined> {
  const reader = store.withSpec(revealField(store.spec, model, "secrets"));
  const [row] = await reader.list(model, { filters: [filter], fields: ["secrets"] });
  const secrets = row?.secrets;
  return typeof secrets === "object" && secrets !== null && !Array.isArray(secrets)
    ? (secrets as Readonly<Record<string, unknown>>)
    : undefined;
}

/** The secrets an execution stored (see ExecutionTable.sealSecrets). */
export function executionSecrets(
  store: RecordStore,
  execution: string,
): Promise<Readonly<Record<string, unknown>> | undefined> {
  return storedSecrets(store, "execution", { path: "id", value: execution });
}

/** The secrets a schedule stored with its parameters, which each of its fires takes. */
export function scheduleSecrets(
  store: RecordStore,
  schedule: string,
): Promise<Readonly<Record<string, unknown>> | undefined> {
  return storedSecrets(store, "schedule", { path: "name", value: schedule });
}
