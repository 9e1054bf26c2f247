import { expect, it } from "vitest";
import {
  canonicalSchema,
  introspectSchema,
  isSchemaCurrent,
  migrateDatabase,
  wantedSchema,
} from "../../../src/engines/storage/schema/index.js";
import { describeEachBackend } from "../../support/describe-each-backend.js";
import { WEATHER_SPEC, specFromYaml } from "./support/spec-project.js";

describeEachBackend("migrate from an empty database", (fixture) => {
  const spec = specFromYaml(WEATHER_SPEC);

  it("creates every table, and introspection reads back the wanted schema", async () => {
    const database = fixture.database();
    expect(await isSchemaCurrent(database, spec)).toBe(false);
    const result = await migrateDatabase(database, spec);
    expect(result.applied).toBe(true);
    expect(
      result.plan.steps.every((s) => s.kind === "create_table" || s.kind === "add_foreign_key"),
    ).toBe(true);
    const current = await introspectSchema(database);
    expect(canonicalSchema(current)).toEqual(canonicalSchema(wantedSchema(spec)));
    expect(await isSchemaCurrent(database, spec)).toBe(true);
  });

  it("plans nothing the second time", async () => {
    const result = await migrateDatabase(fixture.database(), spec);
    expect(result.plan.steps).toEqual([]);
    expect(result.applied).toBe(false);
  });
});
