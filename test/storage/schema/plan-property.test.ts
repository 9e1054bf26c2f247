import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../../src/engines/storage/database.js";
import {
  applyMigration,
  canonicalSchema,
  introspectSchema,
  planMigration,
} from "../../../src/engines/storage/schema/index.js";
import { schemaArbitrary } from "./support/schema-arbitrary.js";

describe("planMigration properties", () => {
  it("plans nothing from a schema to itself", () => {
    fc.assert(
      fc.property(schemaArbitrary, (schema) => {
        expect(planMigration(schema, schema).steps).toEqual([]);
      }),
    );
  });

  it("applying plan(a, b) on SQLite leaves exactly b", async () => {
    await fc.assert(
      fc.asyncProperty(schemaArbitrary, schemaArbitrary, async (a, b) => {
        const database = await openDatabase("sqlite::memory:");
        try {
          await applyMigration(database, planMigration(await introspectSchema(database), a));
          expect(canonicalSchema(await introspectSchema(database))).toEqual(canonicalSchema(a));
          const plan = planMigration(await introspectSchema(database), b);
          await applyMigration(database, plan, { allowDestructive: true });
          const after = await introspectSchema(database);
          expect(canonicalSchema(after)).toEqual(canonicalSchema(b));
          expect(planMigration(after, b).steps).toEqual([]);
        } finally {
          await database.close();
        }
      }),
      { numRuns: 40 },
    );
  });
});
