/**
 * The context handlers and built-in commands receive. The executor implements it for
 * isolates, so its definition lives in engines/executors; this is the runtime's name
 * for it.
 */
export type { CommandContext, ModelAccess } from "../engines/executors/handler-context.js";
