import { readFileSync } from "node:fs";

/**
 * Cairn's own version, from package.json. The faces sit two levels below the package
 * root both in `src/` and in `dist/`, so one relative URL serves both.
 */
export function cairnVersion(): string {
  const text = readFileSync(new URL("../../package.json", import.meta.url), "utf8");
  const parsed = JSON.parse(text) as { version?: unknown };
  return typeof parsed.version === "string" ? parsed.version : "0.0.0";
}
