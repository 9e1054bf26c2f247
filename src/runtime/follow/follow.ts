import { ParameterInvalid } from "../../foundations/error-codes.js";
import type { Message } from "../../foundations/message.js";
import { findExecution } from "../execution/find-execution.js";
import type { RuntimeParts } from "../runtime-parts.js";
import type { FollowOptions } from "../runtime.js";
import { followExecution } from "./follow-execution.js";

/** `runtime.follow`: checks the execution exists, then answers its messages to iterate. */
export async function follow(
  parts: RuntimeParts,
  id: string,
  options: FollowOptions = {},
): Promise<AsyncIterable<Message>> {
  const after = options.after ?? 0;
  if (!Number.isSafeInteger(after) || after < 0) {
    throw ParameterInvalid.create(`follow: 'after' must be a whole number of at least 0`, {
      details: { after },
    });
  }
  if (parts.hub.get(id) === undefined) await findExecution(parts.store, id);
  const signal =
    options.signal === undefined ? parts.closing : AbortSignal.any([options.signal, parts.closing]);
  return { [Symbol.asyncIterator]: () => followExecution(parts, id, after, signal) };
}
