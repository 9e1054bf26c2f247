import { randomBytes } from "node:crypto";
import { openDatabase } from "../../src/engines/storage/database.js";
import { readSnapshot, type SnapshotBatch } from "../../src/engines/storage/snapshot/index.js";
import { introspectSchema } from "../../src/engines/storage/schema/index.js";
import { loadProjectSpec } from "../../src/spec/index.js";
import { cli, type CliResult } from "../cli/support/cli-harness.js";
import { writeTempTree, type TempTree } from "../support/temp-tree.js";

/** A project with every field type, a to-one self relation and a many-to-many one. */
const FILES: Record<string, string> = {
  "cairn.yml": "name: vault\nversion: 1.0.0\n",
  "spec/models.yml": `
models:
  tag:
    fields:
      name: {type: string, max_length: 40, required: true}
  item:
    fields:
      name: {type: string, max_length: 40, required: true}
      notes: {type: text}
      count: {type: integer}
      big: {type: bigint}
      ratio: {type: float}
      price: {type: decimal, precision: 12, scale: 2}
      done: {type: boolean}
      day: {type: date}
      at: {type: datetime}
      clock: {type: time}
      took: {type: duration}
      attrs: {type: json}
      ref: {type: uuid}
      blob: {type: binary}
    relations:
      parent: {model: item}
      tags: {model: tag, multiple: true}
`,
};

export interface BackupProject {
  readonly tree: TempTree;
  readonly keys: string;
  run(argv: readonly string[], url: string, env?: Record<string, string>): Promise<CliResult>;
}

export function createBackupProject(): BackupProject {
  const tree = writeTempTree("backup", FILES);
  const keys = `k1:${randomBytes(32).toString("base64")}`;
  return {
    tree,
    keys,
    run: (argv, url, env = {}) =>
      cli(argv, {
        cwd: tree.dir,
        env: { CAIRN_DATABASE_URL: url, CAIRN_KEYS: keys, ...env },
      }),
  };
}

/** Fills a database: rows of every type, nulls, a child saved before its parent. */
export async function fillSource(project: BackupProject, url: string): Promise<void> {
  const steps: string[][] = [
    ["db", "migrate"],
    ["tag", "save", "red"],
    ["tag", "save", "blue"],
    [
      "item",
      "save",
      "child",
      "notes=line one\nline two ünïcode",
      "count=-7",
      "big=9007199254740993",
      "ratio=0.1",
      "price=12.5",
      "--done",
      "day=2024-02-29",
      "at=2024-03-01T12:34:56.789+02:00",
      "clock=23:59:58",
      "took=1h30m",
      'attrs={"a":[1,2,{"b":null}],"c":"é"}',
      "ref=6f1c2d1e-8b1a-4c3e-9a7b-1d2e3f4a5b6c",
      "blob=AAECAwT/",
      "tags=red,blue",
    ],
    ["item", "save", "empty"],
    ["item", "save", "parent", "price=0.01", "done=false", "attrs=[]", "tags=blue"],
    ["item", "save", "child", "parent=parent"],
  ];
  for (const argv of steps) {
    const result = await project.run(argv, url);
    if (result.code !== 0) throw new Error(`${argv.join(" ")}: ${result.stderr}`);
  }
}

/** Every row of every model table, as a backup would hold it. */
export async function snapshotOf(project: BackupProject, url: string): Promise<SnapshotBatch[]> {
  const spec = await loadProjectSpec(project.tree.dir);
  const database = await openDatabase(url);
  try {
    const batches: SnapshotBatch[] = [];
    await readSnapshot(database, spec, (batch) => {
      batches.push(batch);
      return Promise.resolve();
    });
    return batches;
  } finally {
    await database.close();
  }
}

/** The names of the tables a database holds. */
export async function tablesOf(url: string): Promise<string[]> {
  const database = await openDatabase(url);
  try {
    return [...(await introspectSchema(database)).tables.keys()].sort();
  } finally {
    await database.close();
  }
}
