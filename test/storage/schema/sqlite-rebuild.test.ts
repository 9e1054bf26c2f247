import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../../src/engines/storage/database.js";
import {
  canonicalSchema,
  introspectSchema,
  migrateDatabase,
  wantedSchema,
} from "../../../src/engines/storage/schema/index.js";
import { insertRows, selectAll } from "./support/rows.js";
import { specFromYaml } from "./support/spec-project.js";

const models = (stationFields: string) => `
models:
  station:
    key: number
    fields:
      number: {type: string, max_length: 20, required: true}
${stationFields}
  observation:
    key: date
    scope: [station]
    fields:
      date: {type: date, required: true}
      temp: {type: float}
    relations:
      station: {model: station, required: true, on_delete: cascade}
`;

const before = specFromYaml(models("      name: {type: text}\n      rank: {type: integer}"));
const after = specFromYaml(
  models(
    "      name: {type: string, max_length: 4, required: true, default: x}\n      rank: {type: bigint}\n      level: {type: integer, required: true}",
  ),
);

describe("SQLite table rebuilds", () => {
  let database: Database;
  beforeEach(async () => {
    database = await openDatabase("sqlite::memory:");
  });
  afterEach(async () => {
    await database.close();
  });

  it("keep the rows and the foreign keys of a rebuilt table", async () => {
    await migrateDatabase(database, before);
    await insertRows(database, "station", [
      { number: "A", name: "Alpha", rank: 1 },
      { number: "B", name: null, rank: 2 },
    ]);
    await insertRows(database, "observation", [
      { station_id: 1, date: "2024-01-01", temp: 3.5 },
      { station_id: 2, date: "2024-01-01", temp: 4.5 },
    ]);

    const result = await migrateDatabase(database, after, { allowDestructive: true });
    expect(result.applied).toBe(true);
    expect(canonicalSchema(await introspectSchema(database))).toEqual(
      canonicalSchema(wantedSchema(after)),
    );
    expect(await selectAll(database, "station", ["id", "number", "name", "rank", "level"])).toEqual(
      [
        { id: 1, number: "A", name: "Alph", rank: 1, level: 0 },
        { id: 2, number: "B", name: "x", rank: 2, level: 0 },
      ],
    );

    // The observation table still points at the rebuilt station table, with its cascade.
    const fk = await sql<{
      table: string;
    }>`select "table" from pragma_foreign_key_list('observation')`.execute(database.db);
    expect(fk.rows).toEqual([{ table: "station" }]);
    const enabled = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(database.db);
    expect(enabled.rows[0]?.foreign_keys).toBe(1);
    await database.db.deleteFrom("station").where("id", "=", 1).execute();
    expect(await selectAll(database, "observation", ["station_id"])).toEqual([{ station_id: 2 }]);
    // New ids continue after the copied ones.
    await insertRows(database, "station", [{ number: "C", name: "C", level: 1 }]);
    expect((await selectAll(database, "station", ["id"])).map((r) => r.id)).toEqual([2, 3]);
  });

  it("rolls back a rebuild that would break a foreign key", async () => {
    await migrateDatabase(database, before);
    await insertRows(database, "station", [{ number: "A" }]);
    await sql`pragma foreign_keys = off`.execute(database.db);
    await insertRows(database, "observation", [{ station_id: 99, date: "2024-01-01" }]);
    await sql`pragma foreign_keys = on`.execute(database.db);
    const schemaBefore = canonicalSchema(await introspectSchema(database));
    const error = await migrateDatabase(database, after, { allowDestructive: true }).catch(
      (e: unknown) => e,
    );
    expect((error as Error).message).toMatch(/foreign key check failed.*observation/);
    expect(canonicalSchema(await introspectSchema(database))).toEqual(schemaBefore);
  });
});
