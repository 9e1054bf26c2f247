import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { HandlerNotFound } from "../../foundations/error-codes.js";
import type { CommandContext } from "./handler-context.js";

export type HandlerFunction = (
  ctx: CommandContext,
  parameters: Readonly<Record<string, unknown>>,
) => unknown;

interface HandlerReference {
  readonly file: string;
  readonly export: string;
}

const loaded = new Map<string, HandlerFunction>();

/**
 * The handler function, imported once per isolate. Node caches modules anyway, but an
 * `import()` of a cached module still goes through the registered loader hooks (a round
 * trip to the hooks thread): a no-op command would spend most of its time there.
 */
export async function loadHandler(reference: HandlerReference): Promise<HandlerFunction> {
  const key = `${reference.file}#${reference.export}`;
  const cached = loaded.get(key);
  if (cached !== undefined) return cached;
  const handler = await importHandler(reference);
  loaded.set(key, handler);
  return handler;
}

/** Imports a handler module (TypeScript through the tsx loader the isolate registered) and picks its export. */
async function importHandler(reference: HandlerReference): Promise<HandlerFunction> {
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
