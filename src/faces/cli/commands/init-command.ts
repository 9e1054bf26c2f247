import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative, resolve } from "node:path";
import { ProjectExists } from "../../../foundations/error-codes.js";
import { PROJECT_FILE } from "../../../foundations/settings.js";
import type { CliOutput } from "../cli-output.js";
import { starterFiles } from "./init-templates.js";

/** A module name from a directory name: lower-case words joined by dashes. */
export function projectName(dir: string): string {
  const name = basename(resolve(dir))
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^[^a-z]+|-+$/g, "");
  return name === "" ? "project" : name;
}

/**
 * `cairn init [DIR]`: writes a starter project. It never overwrites: an existing
 * cairn.yml stops it, and any other file that already exists is kept as it is.
 */
export async function initProject(
  dirArgument: string | undefined,
  cwd: string,
  output: CliOutput,
): Promise<number> {
  const dir = resolve(cwd, dirArgument ?? ".");
  if (existsSync(join(dir, PROJECT_FILE))) {
    throw ProjectExists.create(`${join(dir, PROJECT_FILE)} already exists`, {
      hint: "Choose another directory: cairn init DIR.",
    });
  }
  const { colors } = output;
  const lines: string[] = [];
  for (const file of starterFiles(projectName(dir))) {
    const target = join(dir, file.path);
    if (existsSync(target)) {
      lines.push(`${colors.yellow("kept")}    ${file.path} (already exists)`);
      continue;
    }
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.content, { flag: "wx" });
    lines.push(`${colors.green("created")} ${file.path}`);
  }
  const where = relative(cwd, dir);
  const steps = [
    ...(where === "" ? [] : [`cd ${where}`]),
    "cairn db migrate",
    "cairn hello name=you",
    "cairn note save first text=hi",
  ];
  if (output.format === "json") {
    output.stdout.write(`${JSON.stringify({ project: dir, next: steps })}\n`);
    return 0;
  }
  output.stdout.write(
    [
      `Created project ${colors.bold(projectName(dir))} in ${dir}`,
      ...lines.map((l) => `  ${l}`),
      "",
      "Next steps:",
      ...steps.map((s) => `  ${colors.cyan(s)}`),
      "",
    ].join("\n"),
  );
  return 0;
}
