import type { CairnError } from "../foundations/cairn-error.js";
import type { ErrorDefinition } from "../foundations/define-error.js";
import { SpecInvalid } from "../foundations/error-codes.js";
import { formatLocation, type SourceLocation } from "./source-location.js";

/** One thing wrong with a spec, kept until the whole load has been checked. */
export interface SpecProblem {
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  readonly file: string;
  readonly line: number;
  readonly path: string;
}

/**
 * Collects every validation problem of one load so a user sees them all at once,
 * then raises a single CairnError (the first problem's code wins).
 */
export class SpecProblems {
  readonly #problems: SpecProblem[] = [];
  readonly #definitions: ErrorDefinition[] = [];

  /**
   * Records "<what> in <file:line path><suffix>", e.g. "unknown field type 'strng' in
   * spec/models.yml:12 models.station.fields.name.type; did you mean 'string'?".
   */
  add(
    definition: ErrorDefinition,
    what: string,
    location: SourceLocation,
    suffix = "",
    hint?: string,
  ): void {
    this.#definitions.push(definition);
    this.#problems.push({
      code: definition.code,
      message: `${what} in ${formatLocation(location)}${suffix}`,
      ...(hint === undefined ? {} : { hint }),
      file: location.file,
      line: location.line,
      path: location.path,
    });
  }

  /** Shorthand for the most common kind: a value that is wrong. */
  invalid(what: string, location: SourceLocation, hint?: string): void {
    this.add(SpecInvalid, what, location, "", hint);
  }

  get count(): number {
    return this.#problems.length;
  }

  get list(): readonly SpecProblem[] {
    return this.#problems;
  }

  /** Throws one error listing every problem; does nothing when there is none. */
  throwIfAny(): void {
    const first = this.#problems[0];
    const definition = this.#definitions[0];
    if (first === undefined || definition === undefined) return;
    throw this.#toError(first, definition);
  }

  #toError(first: SpecProblem, definition: ErrorDefinition): CairnError {
    const problems = this.#problems;
    const message =
      problems.length === 1
        ? first.message
        : `${problems.length} spec errors:\n${problems.map((p) => `  - ${p.message}`).join("\n")}`;
    const hint = problems.length === 1 ? first.hint : undefined;
    return definition.create(message, {
      hint: hint ?? "Fix the spec files named above and run the command again.",
      details: { errors: problems.map((p) => ({ ...p })) },
    });
  }
}
