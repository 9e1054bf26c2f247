/** What a sensitive value reads as wherever it is shown or recorded in clear. */
export const REDACTED = "***";

/** Rewrites what a run says (messages, results, errors) before it is shown or kept. */
export type Redaction = <T>(value: T) => T;

/** The redaction that changes nothing. */
export const IDENTITY: Redaction = (value) => value;

/**
 * Replaces every occurrence of the given secret texts in the strings of a value (deeply:
 * messages, results, errors) with `***`; the identity when there are none.
 */
export function secretRedactor(secrets: Iterable<unknown>): Redaction {
  const texts = [...secrets].filter(
    (value): value is string => typeof value === "string" && value !== "",
  );
  if (texts.length === 0) return IDENTITY;
  // Longest first, so a secret that contains another is replaced whole.
  const ordered = [...new Set(texts)].sort((a, b) => b.length - a.length);
  const text = (value: string) =>
    ordered.reduce((result, secret) => result.split(secret).join(REDACTED), value);
  const deep = (value: unknown): unknown => {
    if (typeof value === "string") return text(value);
    if (Array.isArray(value)) return value.map(deep);
    if (typeof value === "object" && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deep(v)]));
    }
    return value;
  };
  return <T>(value: T): T => deep(value) as T;
}

/** The texts inside a value (itself, or the strings of an object or list, deeply). */
export function textsOf(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(textsOf);
  if (typeof value === "object" && value !== null) return Object.values(value).flatMap(textsOf);
  return [];
}
