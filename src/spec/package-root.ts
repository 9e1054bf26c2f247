import { fileURLToPath } from "node:url";
import { join } from "node:path";

/**
 * The directory of Cairn's package.json. Both src/spec/*.ts (run by tsx or Vitest) and
 * dist/spec/*.js sit two levels below it.
 */
export function packageRoot(): string {
  return fileURLToPath(new URL("../../", import.meta.url));
}

/** The built-in `core` module, which every project loads first. */
export function coreModuleDir(): string {
  return join(packageRoot(), "core");
}
