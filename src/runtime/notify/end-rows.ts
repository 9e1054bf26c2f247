import type { Database } from "../../engines/storage/database.js";
import { endRowColumns, type EndRow } from "../execution/end-row.js";
import { WriteCoalescer } from "../execution/write-coalescer.js";

/**
 * Reads the rows of executions that ended, one statement for all the ends of a busy
 * worker that come together (see WriteCoalescer) rather than one each. Used where the
 * end itself could not answer them (see ExecutionTable.end).
 */
export class EndRows {
  readonly #database: Database;
  readonly #reads: WriteCoalescer<number, EndRow | undefined>;

  constructor(database: Database) {
    this.#database = database;
    const byIds = async (ids: readonly number[]) => {
      const rows = await this.#select(ids);
      const byId = new Map(rows.map((row) => [Number(row.id), row]));
      return ids.map((id) => byId.get(id));
    };
    this.#reads = new WriteCoalescer(byIds, async (id) => (await byIds([id]))[0]);
  }

  /** The row of execution `id` and its command's subscription; undefined when gone. */
  read(id: string): Promise<EndRow | undefined> {
    return this.#reads.run(Number(id));
  }

  async #select(ids: readonly number[]): Promise<EndRow[]> {
    return await this.#database.db
      .selectFrom("execution")
      .select(endRowColumns)
      .where("id", "in", [...ids])
      .execute();
  }
}
