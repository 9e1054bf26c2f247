import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadProjectSpecSync, type ProjectSpec } from "../../../src/spec/index.js";

/** A project with nothing but core, whose models include `scheduler_lease`. */
export function coreSpec(): ProjectSpec {
  const root = mkdtempSync(join(tmpdir(), "cairn-leader-"));
  try {
    writeFileSync(join(root, "cairn.yml"), "name: app\nversion: 1.0.0\n");
    return loadProjectSpecSync(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
