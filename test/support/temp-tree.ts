import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** A temporary directory of files that a test owns and removes. */
export interface TempTree {
  readonly dir: string;
  remove(): void;
}

/** Writes `files` (relative path -> text) into a fresh temporary directory. */
export function writeTempTree(prefix: string, files: Readonly<Record<string, string>>): TempTree {
  const dir = mkdtempSync(join(tmpdir(), `cairn-${prefix}-`));
  for (const [path, text] of Object.entries(files)) {
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return {
    dir,
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
