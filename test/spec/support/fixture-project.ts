import { writeTempTree, type TempTree } from "../../support/temp-tree.js";
import { afterEach, expect } from "vitest";
import { isCairnError, type CairnError } from "../../../src/foundations/cairn-error.js";
import { loadProjectSpec } from "../../../src/spec/index.js";

const made: TempTree[] = [];

afterEach(() => {
  for (const tree of made.splice(0)) tree.remove();
});

/** A fresh directory of files (path -> text), removed after the test. */
export function writeTree(files: Readonly<Record<string, string>>): string {
  const tree = writeTempTree("spec", files);
  made.push(tree);
  return tree.dir;
}

/** A project named `app` with the given spec files (`models.yml` -> spec/models.yml). */
export function writeProject(
  specs: Readonly<Record<string, string>>,
  extra: Readonly<Record<string, string>> = {},
): string {
  const files: Record<string, string> = { "cairn.yml": "name: app\nversion: 1.0.0\n", ...extra };
  for (const [name, text] of Object.entries(specs)) files[`spec/${name}`] = text;
  return writeTree(files);
}

/** Loads a project that must fail and returns the error. */
export async function loadError(dir: string): Promise<CairnError> {
  try {
    await loadProjectSpec(dir);
  } catch (error) {
    if (isCairnError(error)) return error;
    throw error;
  }
  expect.fail("the spec loaded without errors");
}

/** Loads a one-file project that must fail and returns the error. */
export async function specError(models: string): Promise<CairnError> {
  return loadError(writeProject({ "models.yml": models }));
}
