import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import "../../src/foundations/error-codes.js";
import { registeredErrors } from "../../src/foundations/define-error.js";

const docs = readFileSync(new URL("../../docs/errors.md", import.meta.url), "utf8");
/** Codes documented as table rows: `| CAIRN_X | status | ... |`. */
const documented = new Map<string, number>(
  [...docs.matchAll(/^\|\s*`(CAIRN_[A-Z_]+)`\s*\|\s*(\d{3})\s*\|/gm)].map((m) => [
    m[1] ?? "",
    Number(m[2]),
  ]),
);

it("documents every registered error code with its status", () => {
  const missing = registeredErrors()
    .filter((e) => documented.get(e.code) !== e.status)
    .map((e) => `${e.code} (${e.status})`);
  expect(missing).toEqual([]);
});

it("documents no code that does not exist", () => {
  const codes = new Set(registeredErrors().map((e) => e.code));
  expect([...documented.keys()].filter((code) => !codes.has(code))).toEqual([]);
});
