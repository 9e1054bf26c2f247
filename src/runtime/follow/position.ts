import type { Message } from "../../foundations/message.js";

/** Where a follower has got to: the last `seq` it yielded, and whether that was the end. */
export interface Position {
  last: number;
  done: boolean;
}

/** Moves past `message` when it is new (its `seq` after the last yielded); false for a repeat. */
export function advance(position: Position, message: Message): boolean {
  if (message.seq <= position.last) return false;
  position.last = message.seq;
  position.done = message.type === "status";
  return true;
}
