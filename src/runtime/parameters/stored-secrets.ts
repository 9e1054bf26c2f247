import type { RecordStore } from "../../engines/storage/records/record-store.js";
import { revealField } from "../../engines/storage/records/reveal-field.js";

/** The decrypted sensitive parameters an execution stored, or undefined when it has none. */
export async function storedSecrets(
  store: RecordStore,
  execution: string,
): Promise<Readonly<Record<string, unknown>> | undefined> {
  const reader = store.withSpec(revealField(store.spec, "execution", "secrets"));
  const [row] = await reader.list("execution", {
    filters: [{ path: "id", value: execution }],
    fields: ["secrets"],
  });
  const secrets = row?.secrets;
  return typeof secrets === "object" && secrets !== null && !Array.isArray(secrets)
    ? (secrets as Readonly<Record<string, unknown>>)
    : undefined;
}
