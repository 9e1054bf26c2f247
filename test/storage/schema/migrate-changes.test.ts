import { expect, it } from "vitest";
import { MigrationDestructive } from "../../../src/foundations/error-codes.js";
import {
  canonicalSchema,
  describePlan,
  introspectSchema,
  migrateDatabase,
  wantedSchema,
} from "../../../src/engines/storage/schema/index.js";
import { describeEachBackend } from "../../support/describe-each-backend.js";
import { insertRows, selectAll } from "./support/rows.js";
import { specFromYaml } from "./support/spec-project.js";

const v1 = specFromYaml(`
models:
  station:
    key: number
    fields:
      number: {type: string, max_length: 20, required: true}
      name: {type: string, max_length: 40}
      elevation: {type: float}
`);
const v2 = specFromYaml(`
models:
  station:
    key: number
    fields:
      number: {type: string, max_length: 20, required: true}
      name: {type: string, max_length: 40}
      elevation: {type: float}
      country: {type: string, max_length: 2, default: CH}
`);
const v3 = specFromYaml(`
models:
  station:
    key: number
    fields:
      number: {type: string, max_length: 20, required: true}
      name: {type: string, max_length: 5}
      country: {type: string, max_length: 2, default: CH}
`);

describeEachBackend("migrating a schema with rows", (fixture) => {
  it("adds a column and keeps the rows", async () => {
    const database = fixture.database();
    await migrateDatabase(database, v1);
    await insertRows(database, "station", [
      { number: "001", name: "Bern", elevation: 540 },
      { number: "002", name: "Zurich Airport", elevation: 432 },
      { number: "003", name: "Basel" },
    ]);
    const result = await migrateDatabase(database, v2);
    expect(describePlan(result.plan, result.impact)).toEqual([
      "+ add column station.country string(2)",
    ]);
    expect(result.applied).toBe(true);
    const rows = await selectAll(database, "station", ["number", "country"]);
    expect(rows).toEqual([
      { number: "001", country: "CH" },
      { number: "002", country: "CH" },
      { number: "003", country: "CH" },
    ]);
  });

  it("refuses a destructive change, naming each step and its rows, and changes nothing", async () => {
    const database = fixture.database();
    const before = canonicalSchema(await introspectSchema(database));
    const error = await migrateDatabase(database, v3).catch((e: unknown) => e);
    expect(MigrationDestructive.is(error)).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain("- drop column station.elevation (DESTRUCTIVE: 2 rows have a value");
    expect(message).toContain(
      "~ alter column station.name: string(40) -> string(5) (DESTRUCTIVE: 1 row affected",
    );
    expect(MigrationDestructive.is(error) && error.hint).toContain("--allow-destructive");
    expect(canonicalSchema(await introspectSchema(database))).toEqual(before);
  });

  it("applies it with allowDestructive, keeping the other columns' values", async () => {
    const database = fixture.database();
    const result = await migrateDatabase(database, v3, { allowDestructive: true });
    expect(result.applied).toBe(true);
    expect(canonicalSchema(await introspectSchema(database))).toEqual(
      canonicalSchema(wantedSchema(v3)),
    );
    expect(await selectAll(database, "station", ["number", "name", "country"])).toEqual([
      { number: "001", name: "Bern", country: "CH" },
      { number: "002", name: "Zuric", country: "CH" },
      { number: "003", name: "Basel", country: "CH" },
    ]);
  });

  it("fills NULLs when a column becomes required, only with allowDestructive", async () => {
    const database = fixture.database();
    const v4 = specFromYaml(`
models:
  station:
    key: number
    fields:
      number: {type: string, max_length: 20, required: true}
      name: {type: string, max_length: 5}
      country: {type: string, max_length: 2, default: CH}
      height: {type: integer, required: true}
`);
    const error = await migrateDatabase(database, v4).catch((e: unknown) => e);
    expect((error as Error).message).toContain(
      "+ add column station.height integer not null (DESTRUCTIVE: 3 rows would get a placeholder value",
    );
    await migrateDatabase(database, v4, { allowDestructive: true });
    const rows = await selectAll(database, "station", ["height"]);
    expect(rows.map((r) => Number(r.height))).toEqual([0, 0, 0]);
  });
});
