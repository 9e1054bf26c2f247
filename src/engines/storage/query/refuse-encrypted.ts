import type { FieldDefinition } from "../../../spec/field-definition.js";
import { QueryEncryptedField } from "../../../foundations/error-codes.js";

/**
 * The database holds only ciphertext of an encrypted field, so it can neither order,
 * group nor compare it; equality on a `searchable` one goes through its hash instead
 * (see bind-filter.ts). `use` says what was asked: "order 'secret'".
 */
export function refuseEncrypted(field: FieldDefinition, use: string): void {
  if (!field.encrypted) return;
  throw QueryEncryptedField.create(`${use}: field '${field.name}' is encrypted`, {
    hint:
      field.searchable === true
        ? `Only equality filters apply to it (${field.name}=value).`
        : `The database holds only its ciphertext; mark it 'searchable: true' to filter it by equality.`,
    details: { field: field.name },
  });
}
