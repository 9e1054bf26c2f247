import { CairnError, type CairnErrorOptions } from "./cairn-error.js";

/** One registered error code: how to raise it and how to recognise it. */
export interface ErrorDefinition {
  readonly code: string;
  readonly status: number;
  readonly summary: string;
  create(message: string, options?: CairnErrorOptions): CairnError;
  is(value: unknown): value is CairnError;
}

const registry = new Map<string, ErrorDefinition>();

/**
 * Registers an error code. Codes are unique and never reused; a test checks that the
 * registry and docs/errors.md list exactly the same codes.
 */
export function defineError(code: string, status: number, summary: string): ErrorDefinition {
  if (registry.has(code)) {
    throw new Error(`error code ${code} is defined twice`);
  }
  const definition: ErrorDefinition = {
    code,
    status,
    summary,
    create: (message, options) => new CairnError(code, status, message, options),
    is: (value): value is CairnError => value instanceof CairnError && value.code === code,
  };
  registry.set(code, definition);
  return definition;
}

/** Every code defined so far, in definition order. */
export function registeredErrors(): readonly ErrorDefinition[] {
  return [...registry.values()];
}
