import { expect, it } from "vitest";
import { MigrationFailed } from "../../../src/foundations/error-codes.js";
import {
  canonicalSchema,
  introspectSchema,
  isSchemaCurrent,
  migrateDatabase,
  wantedSchema,
} from "../../../src/engines/storage/schema/index.js";
import { describeEachBackend } from "../../support/describe-each-backend.js";
import { insertRows } from "./support/rows.js";
import { specFromYaml } from "./support/spec-project.js";

const v1 = specFromYaml(`
models:
  sensor:
    fields:
      name: {type: string, max_length: 20, required: true}
      code: {type: string, max_length: 10}
`);
// Adds a column, then a unique index that the duplicate codes below make fail.
const v2 = specFromYaml(`
models:
  sensor:
    fields:
      name: {type: string, max_length: 20, required: true}
      code: {type: string, max_length: 10, unique: true}
      serial: {type: integer}
`);

describeEachBackend("a failing migration", (fixture) => {
  it("raises CAIRN_MIGRATION_FAILED naming the failed step", async () => {
    const database = fixture.database();
    await migrateDatabase(database, v1);
    await insertRows(database, "sensor", [
      { name: "a", code: "X" },
      { name: "b", code: "X" },
    ]);
    const before = canonicalSchema(await introspectSchema(database));
    const error = await migrateDatabase(database, v2).catch((e: unknown) => e);
    expect(MigrationFailed.is(error)).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain("(+ create unique index uq_sensor_code on sensor (code)) failed");

    if (fixture.backend.name === "mysql") {
      // MariaDB commits DDL as it goes: the error says what was applied, and planning resumes.
      expect(message).toContain("already applied: + add column sensor.serial integer");
      expect(
        (await introspectSchema(database)).tables.get("sensor")?.columns.map((c) => c.name),
      ).toContain("serial");
    } else {
      expect(message).toContain("nothing was changed");
      expect(canonicalSchema(await introspectSchema(database))).toEqual(before);
    }
    expect(await isSchemaCurrent(database, v2)).toBe(false);
  });

  it("succeeds once the data is fixed", async () => {
    const database = fixture.database();
    await database.db.updateTable("sensor").set({ code: "Y" }).where("name", "=", "b").execute();
    const result = await migrateDatabase(database, v2);
    expect(result.applied).toBe(true);
    expect(canonicalSchema(await introspectSchema(database))).toEqual(
      canonicalSchema(wantedSchema(v2)),
    );
    expect(await isSchemaCurrent(database, v2)).toBe(true);
  });
});
