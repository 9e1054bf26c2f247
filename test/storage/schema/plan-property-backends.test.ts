import fc from "fast-check";
import { expect, it } from "vitest";
import {
  applyMigration,
  canonicalSchema,
  introspectSchema,
  planMigration,
} from "../../../src/engines/storage/schema/index.js";
import { describeEachBackend } from "../../support/describe-each-backend.js";
import { schemaArbitrary } from "./support/schema-arbitrary.js";

describeEachBackend("plan and apply random schemas", (fixture) => {
  it("applying plan(current, b) leaves exactly b", async () => {
    const database = fixture.database();
    await fc.assert(
      fc.asyncProperty(schemaArbitrary, schemaArbitrary, async (a, b) => {
        for (const wanted of [a, b]) {
          const plan = planMigration(await introspectSchema(database), wanted);
          await applyMigration(database, plan, { allowDestructive: true });
          const after = await introspectSchema(database);
          expect(canonicalSchema(after)).toEqual(canonicalSchema(wanted));
        }
      }),
      { numRuns: fixture.backend.name === "sqlite" ? 30 : 12 },
    );
  }, 120_000);
});
