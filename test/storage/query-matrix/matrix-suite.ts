import { fileURLToPath } from "node:url";
import { beforeAll, expect, it } from "vitest";
import {
  createRecordStore,
  type FilterInput,
  type RecordStore,
} from "../../../src/engines/storage/records/index.js";
import { migrateDatabase } from "../../../src/engines/storage/schema/index.js";
import { FIELD_TYPES, type FieldType } from "../../../src/spec/field-types.js";
import { loadProjectSpec } from "../../../src/spec/index.js";
import { describeEachBackend, type BackendFixture } from "../../support/describe-each-backend.js";
import { fieldOf, matrixGroups } from "./matrix-cases.js";
import { cellOf, codeOf, LABELS, PARTS, ROW_COUNT } from "./matrix-rows.js";

const FIXTURE_DIR = fileURLToPath(new URL("./fixture", import.meta.url));

/** Migrates the suite's database, loads the matrix rows once and opens a record store. */
export function useMatrixStore(fixture: BackendFixture): () => RecordStore {
  let store: RecordStore | undefined;
  beforeAll(async () => {
    const spec = await loadProjectSpec(FIXTURE_DIR);
    await migrateDatabase(fixture.database(), spec);
    const opened = createRecordStore(fixture.database(), spec);
    await opened.saveMany(
      "label",
      ["red", "green", "blue"].map((name) => ({ key: { key: name }, values: {} })),
    );
    await opened.saveMany(
      "item",
      Array.from({ length: ROW_COUNT }, (_, i) => {
        const values: Record<string, unknown> = {};
        for (const type of FIELD_TYPES) {
          const value = cellOf(type, i);
          if (value !== null) values[fieldOf(type)] = value;
        }
        const labels = LABELS.find(([row]) => row === i)?.[1];
        if (labels !== undefined) values.labels = labels;
        return { key: { key: codeOf(i) }, values };
      }),
    );
    await opened.saveMany(
      "part",
      PARTS.map(([row, weight], i) => ({
        key: { key: `p${String(i + 1)}` },
        values: { item: codeOf(row), ...(weight === null ? {} : { weight }) },
      })),
    );
    store = opened;
  });
  return () => {
    if (store === undefined) throw new Error("matrix store not ready");
    return store;
  };
}

/** Row codes `list` returns and `count` counts for some filters (or the error's message). */
export async function matching(
  store: RecordStore,
  options: { readonly filters?: readonly FilterInput[]; readonly filter?: string },
): Promise<{ codes: string[]; count: number } | { error: string }> {
  try {
    const rows = await store.list("item", { ...options, fields: ["code"] });
    const count = await store.count("item", options);
    return { codes: rows.map((row) => String(row.code)).sort(), count };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * One test per field, transform and operator of `types` on every backend, each running
 * all of its operands and listing every disagreement with the oracle at once.
 */
export function describeMatrix(title: string, types: readonly FieldType[]): void {
  const groups = matrixGroups(types);
  describeEachBackend(title, (fixture) => {
    const store = useMatrixStore(fixture);

    it("has operands for every operator of every type", () => {
      const empty = groups.filter((group) => group.probes.length === 0).map((group) => group.path);
      expect(empty).toEqual([]);
    });

    it.each(groups.map((group) => [group.path, group] as const))("%s", async (_path, group) => {
      const mismatches: unknown[] = [];
      for (const probe of group.probes) {
        const got = await matching(store(), {
          filters: [{ path: group.path, value: probe.value }],
        });
        const ok =
          !("error" in got) &&
          got.count === got.codes.length &&
          got.codes.join() === probe.expected.join();
        if (!ok) mismatches.push({ value: probe.value, expected: probe.expected, got });
      }
      expect(mismatches).toEqual([]);
    });
  });
}
