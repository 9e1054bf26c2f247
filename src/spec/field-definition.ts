import type { FieldType, JsonValue } from "./field-types.js";
import type { SourceLocation } from "./source-location.js";

/**
 * One column-backed field of a model. The system fields `id`, `created` and `updated`
 * are fields too (`system: true`), so every consumer sees a model's whole shape.
 */
export interface FieldDefinition {
  readonly name: string;
  readonly type: FieldType;
  readonly required: boolean;
  /** Absent when the field has no default. */
  readonly default?: JsonValue;
  readonly unique: boolean;
  readonly index: boolean;
  readonly choices?: readonly JsonValue[];
  readonly min?: number;
  readonly max?: number;
  readonly maxLength?: number;
  /** Decimal digits in all and after the point (decimal fields). */
  readonly precision?: number;
  readonly scale?: number;
  /** Stored as AES-256-GCM ciphertext (see engines/crypto/field-cipher.ts). */
  readonly encrypted: boolean;
  /** An encrypted field that equality filters find through a keyed hash column. */
  readonly searchable?: true;
  /** Never returned by list, get or the data API. */
  readonly hidden: boolean;
  /**
   * Roles that may read the field (`view:`); absent: whoever reads the model. Others
   * never see it, nor filter, order or group by it.
   */
  readonly view?: readonly string[];
  readonly help?: string;
  /** `id`, `created` and `updated`, which every model has. */
  readonly system: boolean;
  readonly source: SourceLocation;
}

export const SYSTEM_FIELD_NAMES = ["id", "created", "updated"] as const;

/**
 * A field with every option off, for the platform's own uses of the codecs (a
 * parameter typed as a field, a backup column, a searchable field's hash column).
 */
export function plainField(name: string, type: FieldType, source: SourceLocation): FieldDefinition {
  return {
    name,
    type,
    required: false,
    unique: false,
    index: false,
    encrypted: false,
    hidden: false,
    system: false,
    source,
  };
}
