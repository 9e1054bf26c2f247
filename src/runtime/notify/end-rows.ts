import type { Database } from "../../engines/storage/database.js";
import { WriteCoalescer } from "../execution/write-coalescer.js";

/** What deciding on an end's notification reads: the row, and its command's subscription. */
export interface EndRow {
  readonly command: string;
  readonly status: unknown;
  readonly notify: unknown;
  readonly notified: unknown;
  readonly parent_id: unknown;
  readonly on: unknown;
}

/**
 * Reads the end rows of executions that just ended, one statement for all the ends of
 * a busy worker that come together (see WriteCoalescer) rather than one each: every
 * recorded end reads its row here, so on a worker it is a hot read.
 */
export class EndRows {
  readonly #database: Database;
  readonly #reads: WriteCoalescer<number, EndRow | undefined>;

  constructor(database: Database) {
    this.#database = database;
    const byIds = async (ids: readonly number[]) => {
      const rows = await this.#select(ids);
      const byId = new Map(rows.map(({ id, ...row }) => [Number(id), row]));
      return ids.map((id) => byId.get(id));
    };
    this.#reads = new WriteCoalescer(byIds, async (id) => (await byIds([id]))[0]);
  }

  /** The row of execution `id` and its command's subscription; undefined when gone. */
  read(id: string): Promise<EndRow | undefined> {
    return this.#reads.run(Number(id));
  }

  async #select(ids: readonly number[]): Promise<(EndRow & { readonly id: unknown })[]> {
    return await this.#database.db
      .selectFrom("execution")
      .leftJoin("notification", "notification.command", "execution.command")
      .select([
        "execution.id as id",
        "execution.command as command",
        "execution.status as status",
        "execution.notify as notify",
        "execution.notified as notified",
        "execution.parent_id as parent_id",
        "notification.on as on",
      ])
      .where("execution.id", "in", [...ids])
      .execute();
  }
}
