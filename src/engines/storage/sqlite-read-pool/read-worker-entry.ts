import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** How to start a read thread: a file, or a bootstrap evaluated as code. */
export interface ReadWorkerEntry {
  readonly source: string;
  readonly eval: boolean;
}

/**
 * The read thread's entry next to this file, as the isolate pool finds its own
 * (engines/executors/worker-entry.ts): compiled (dist/), `read-worker.js`; from src/
 * (tests run TypeScript), a small evaluated bootstrap registers tsx and then imports
 * `read-worker.ts`, since Node 20 ignores `--import tsx` in a worker's execArgv.
 */
export function readWorkerEntry(): ReadWorkerEntry {
  const here = dirname(fileURLToPath(import.meta.url));
  const compiled = join(here, "read-worker.js");
  if (existsSync(compiled)) return { source: compiled, eval: false };
  const esm = JSON.stringify(pathToFileURL(tsxEsmApi()).href);
  const entry = JSON.stringify(pathToFileURL(join(here, "read-worker.ts")).href);
  const source = `import(${esm}).then((tsx) => { tsx.register(); return import(${entry}); });`;
  return { source, eval: true };
}

/** tsx's ESM API file: `require.resolve` answers its CommonJS twin, whose ESM import breaks. */
function tsxEsmApi(): string {
  const required = createRequire(import.meta.url).resolve("tsx/esm/api");
  const esm = required.replace(/\.cjs$/, ".mjs");
  return existsSync(esm) ? esm : required;
}
