import type { Database } from "../engines/storage/database.js";
import { isSchemaCurrent } from "../engines/storage/schema/index.js";
import { SchemaOutdated } from "../foundations/error-codes.js";
import type { ProjectSpec } from "../spec/project-spec.js";

/**
 * Whether the database matches the spec. Checked before every command but `db plan`
 * and `db migrate`; once current it stays current until a schema command runs, so a
 * busy server does not introspect the database per command.
 */
export class SchemaState {
  readonly #database: Database;
  readonly #spec: ProjectSpec;
  #current = false;

  constructor(database: Database, spec: ProjectSpec) {
    this.#database = database;
    this.#spec = spec;
  }

  async ensureCurrent(): Promise<void> {
    if (this.#current) return;
    this.#current = await isSchemaCurrent(this.#database, this.#spec);
    if (!this.#current) {
      throw SchemaOutdated.create(
        `the database schema of ${this.#database.displayUrl} does not match the spec`,
        { hint: "Run `cairn db plan` to see the changes and `cairn db migrate` to apply them." },
      );
    }
  }

  /** After `db migrate` (or `db plan`), check again next time. */
  invalidate(): void {
    this.#current = false;
  }
}
