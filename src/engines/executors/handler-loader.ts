import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { HandlerNotFound } from "../../foundations/error-codes.js";
import type { CommandContext } from "./handler-context.js";

export type HandlerFunction = (
  ctx: CommandContext,
  parameters: Readonly<Record<string, unknown>>,
) => unknown;

/**
 * Imports a handler module (TypeScript through the tsx loader the isolate registered)
 * and picks its export. Modules are cached by Node per isolate, so a file loads once.
 */
export async function loadHandler(reference: {
  readonly file: string;
  readonly export: string;
}): Promise<HandlerFunction> {
  const { file } = reference;
  const name = reference.export;
  if (!existsSync(file)) {
    throw HandlerNotFound.create(`handler file ${file} does not exist`, {
      hint: "Check the command's `handler: file#export` path; it is relative to the module root.",
    });
  }
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (cause) {
    throw HandlerNotFound.create(`cannot load handler file ${file}: ${(cause as Error).message}`, {
      hint: "Fix the error in the handler file.",
      cause,
      details: { stack: (cause as Error).stack },
    });
  }
  // A .ts file outside a `"type": "module"` package is compiled to CommonJS by tsx;
  // Node then shows its exports only under `default`.
  const commonJs: unknown = module.default;
  const nested =
    typeof commonJs === "object" && commonJs !== null
      ? (commonJs as Record<string, unknown>)[name]
      : undefined;
  const candidate = typeof module[name] === "function" ? module[name] : (nested ?? module[name]);
  if (typeof candidate !== "function") {
    const exported = Object.keys(module).filter((key) => typeof module[key] === "function");
    throw HandlerNotFound.create(
      `handler file ${file} has no function export '${name}'` +
        (exported.length > 0 ? ` (it exports ${exported.join(", ")})` : ""),
      { hint: "Name an exported function after '#' in `handler: file#export`." },
    );
  }
  return candidate as HandlerFunction;
}
