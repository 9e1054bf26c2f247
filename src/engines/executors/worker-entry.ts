import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** How to start an isolate's thread: a file, or a bootstrap evaluated as code. */
export interface WorkerEntry {
  readonly source: string;
  readonly eval: boolean;
  readonly loaderRegistered: boolean;
}

/**
 * The isolate entry next to this file. Compiled (dist/), it is `isolate-worker.js`
 * and registers tsx itself for TypeScript handlers. From src/ (tests run TypeScript),
 * Node 20 ignores `--import tsx` in a worker's execArgv for the entry, so a small
 * evaluated bootstrap registers tsx first and then imports `isolate-worker.ts`.
 */
export function isolateWorkerEntry(): WorkerEntry {
  const here = dirname(fileURLToPath(import.meta.url));
  const compiled = join(here, "isolate-worker.js");
  if (existsSync(compiled)) return { source: compiled, eval: false, loaderRegistered: false };
  const esm = JSON.stringify(pathToFileURL(tsxApiModule("esm")).href);
  const cjs = JSON.stringify(pathToFileURL(tsxApiModule("cjs")).href);
  const entry = JSON.stringify(pathToFileURL(join(here, "isolate-worker.ts")).href);
  const source =
    `Promise.all([import(${esm}), import(${cjs})]).then(([esm, cjs]) => { ` +
    `esm.register(); cjs.register(); return import(${entry}); });`;
  return { source, eval: true, loaderRegistered: true };
}

/** tsx's ESM API files: `require.resolve` answers their CommonJS twins, whose ESM import breaks. */
function tsxApiModule(kind: "esm" | "cjs"): string {
  const required = createRequire(import.meta.url).resolve(`tsx/${kind}/api`);
  const esm = required.replace(/\.cjs$/, ".mjs");
  return existsSync(esm) ? esm : required;
}
