import { expect, it } from "vitest";
import {
  isSchemaCurrent,
  migrateDatabase,
  migrationHistory,
  schemaFingerprint,
  wantedSchema,
} from "../../../src/engines/storage/schema/index.js";
import { describeEachBackend } from "../../support/describe-each-backend.js";
import { specFromYaml } from "./support/spec-project.js";

const v1 = specFromYaml(`
models:
  site:
    fields:
      name: {type: string, max_length: 30, required: true}
`);
const v2 = specFromYaml(`
models:
  site:
    fields:
      name: {type: string, max_length: 30, required: true}
      note: {type: text}
`);

describeEachBackend("migration history", (fixture) => {
  it("records each applied migration with the wanted schema's fingerprint", async () => {
    const database = fixture.database();
    expect(await migrationHistory(database)).toEqual([]);
    expect(await isSchemaCurrent(database, v1)).toBe(false);

    await migrateDatabase(database, v1);
    expect(await isSchemaCurrent(database, v1)).toBe(true);
    expect(await isSchemaCurrent(database, v2)).toBe(false);

    await migrateDatabase(database, v2);
    await migrateDatabase(database, v2); // nothing to do: no new row
    const history = await migrationHistory(database);
    expect(history.map((h) => h.fingerprint)).toEqual([
      schemaFingerprint(wantedSchema(v1)),
      schemaFingerprint(wantedSchema(v2)),
    ]);
    expect(history[1]?.steps).toEqual(["+ add column site.note text"]);
    expect(history[0]?.steps).toContain("+ create table site");
    expect(history[0]?.applied).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(await isSchemaCurrent(database, v2)).toBe(true);
  });

  it("a dry run plans without applying or recording", async () => {
    const database = fixture.database();
    const result = await migrateDatabase(database, v1, { dryRun: true, allowDestructive: true });
    expect(result.applied).toBe(false);
    expect(result.plan.steps.map((s) => s.kind)).toEqual(["drop_column"]);
    expect(result.impact.rows).toEqual([0]);
    expect(await isSchemaCurrent(database, v2)).toBe(true);
  });

  it("records an empty migration once when the database already matches", async () => {
    const database = fixture.database();
    await database.db.deleteFrom("cairn_migration").execute();
    expect(await isSchemaCurrent(database, v2)).toBe(false);
    const result = await migrateDatabase(database, v2);
    expect(result.applied).toBe(false);
    expect(await isSchemaCurrent(database, v2)).toBe(true);
    expect((await migrationHistory(database)).map((h) => h.steps)).toEqual([[]]);
  });
});
