import type {
  RecordKey,
  RecordRow,
  RecordStore,
  RowChange,
} from "../../engines/storage/records/index.js";
import { RecordInvalid, RecordNotFound } from "../../foundations/error-codes.js";
import type { CommandContext } from "../command-context.js";
import { commandActor, recordChanges } from "./record-changes.js";

/**
 * The stored row with `key`, or undefined when there is none. A key the store cannot
 * read is undefined too: the write that follows refuses it with its own error.
 */
export async function storedRow(
  store: RecordStore,
  model: string,
  key: RecordKey,
): Promise<RecordRow | undefined> {
  try {
    return await store.get(model, key);
  } catch (error) {
    if (RecordNotFound.is(error) || RecordInvalid.is(error)) return undefined;
    throw error;
  }
}

/** Records the changes a command's write made, in the command's transaction, as its run's. */
export async function recordCommandChanges(
  ctx: CommandContext,
  store: RecordStore,
  changes: readonly RowChange[],
): Promise<void> {
  if (changes.length === 0) return;
  await recordChanges(store, changes, await commandActor(store, ctx.execution, ctx.user.name));
}
