import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { writeTempTree, type TempTree } from "../support/temp-tree.js";

/** What a handler prints with console.log goes to stderr, so stdout stays machine-readable. */

const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
const entry = fileURLToPath(new URL("../../src/faces/cli/entry.ts", import.meta.url));

let project: TempTree;
beforeAll(() => {
  project = writeTempTree("output", {
    "cairn.yml": "name: output\nversion: 0.1.0\n",
    "spec/commands.yml": "commands:\n  shout:\n    handler: handlers/shout.mjs#shout\n",
    "handlers/shout.mjs":
      'export async function shout() {\n  console.log("printed by the handler");\n  return { ok: true };\n}\n',
  });
});
afterAll(() => {
  project.remove();
});

function cairn(
  args: readonly string[],
): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, ["--import", tsx, entry, ...args], {
    cwd: project.dir,
    env: { ...process.env, NO_COLOR: "1" },
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve) =>
    child.on("close", (code) => {
      resolve({ code, out, err });
    }),
  );
}

it("keeps handler output off stdout with --format json", async () => {
  expect((await cairn(["db", "migrate"])).code).toBe(0);
  const result = await cairn(["--format", "json", "shout"]);
  expect(result.code).toBe(0);
  expect(result.err).toContain("printed by the handler");
  expect(result.out).not.toContain("printed by the handler");
  expect(() => JSON.parse(result.out) as unknown).not.toThrow();
});
