import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, beforeAll, expect, it } from "vitest";
import { cairnSync, startCairnServer, type CairnServer } from "./support/cairn-server.js";

/**
 * docs/client.md's TypeScript blocks, in order, as one program: it must typecheck under
 * the project's strict settings and run to its end against `cairn serve` on the weather
 * example with its sample data, as the document sets it up.
 */
const REPO = fileURLToPath(new URL("../../", import.meta.url));
const DOC = join(REPO, "docs", "client.md");
const DOCUMENTED_SERVER = "http://127.0.0.1:8000";

let server: CairnServer;
let work: string;
let program: string;
beforeAll(async () => {
  const example = mkdtempSync(join(tmpdir(), "cairn-client-docs-"));
  cpSync(join(REPO, "examples", "weather"), example, {
    recursive: true,
    filter: (source) => !source.split(/[\\/]/).includes(".cairn"),
  });
  const project = {
    dir: example,
    remove: () => {
      rmSync(example, { recursive: true, force: true });
    },
  };
  cairnSync(example, ["db", "migrate"]);
  cairnSync(example, ["weather", "sample", "stations=4", "days=60"]);
  server = await startCairnServer(project);
  work = mkdtempSync(join(tmpdir(), "cairn-client-docs-run-"));
  program = join(work, "client-doc.mts");
  writeFileSync(program, docProgram(readFileSync(DOC, "utf8"), server.url));
});
afterAll(async () => {
  await server.stop();
  rmSync(work, { recursive: true, force: true });
});

/** Every ```ts block, the package import pointed at the sources, the server at the test's. */
function docProgram(markdown: string, url: string): string {
  const blocks = [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? "");
  expect(blocks.length).toBeGreaterThan(3);
  const client = join(REPO, "src", "faces", "client", "index.js");
  return `${blocks
    .join("\n")
    .replaceAll('"cairn/client"', JSON.stringify(client))
    .replaceAll(DOCUMENTED_SERVER, url)}\nexport {};\n`;
}

it("typechecks", () => {
  const checked = ts.createProgram([program], {
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    target: ts.ScriptTarget.ES2023,
    lib: ["lib.es2023.d.ts"],
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: ["node"],
    typeRoots: [join(REPO, "node_modules", "@types")],
    noEmit: true,
    skipLibCheck: true,
  });
  const problems = ts
    .getPreEmitDiagnostics(checked)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  expect(problems).toEqual([]);
}, 60_000);

it("runs against the server", () => {
  const result = spawnSync(process.execPath, ["--import", "tsx", program], {
    cwd: REPO,
    env: { ...process.env, CAIRN_TOKEN: server.token },
    encoding: "utf8",
  });
  expect({ code: result.status, stderr: result.stderr }).toEqual({ code: 0, stderr: "" });
  expect(result.stdout).toContain("CAIRN_PARAMETER_INVALID");
}, 60_000);
