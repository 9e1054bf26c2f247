import { describe, expect, it } from "vitest";
import {
  foreignKeyName,
  wantedSchema,
  type TableSchema,
} from "../../../src/engines/storage/schema/index.js";
import { WEATHER_SPEC, specFromYaml } from "./support/spec-project.js";

describe("wantedSchema", () => {
  const schema = wantedSchema(specFromYaml(WEATHER_SPEC));
  const table = (name: string): TableSchema => {
    const found = schema.tables.get(name);
    if (found === undefined) throw new Error(`no table ${name}`);
    return found;
  };

  it("has a table per model, core models included, and a join table per many-to-many", () => {
    expect([...schema.tables.keys()].sort()).toEqual(
      expect.arrayContaining(["observation", "observation__tags", "station", "tag", "execution"]),
    );
  });

  it("maps field types to logical column types", () => {
    const columns = new Map(table("station").columns.map((c) => [c.name, c]));
    expect(columns.get("id")).toEqual({
      name: "id",
      type: "integer",
      nullable: false,
      primaryKey: true,
    });
    expect(columns.get("number")).toMatchObject({ type: "string", maxLength: 20, nullable: false });
    expect(columns.get("name")).toMatchObject({ type: "string", maxLength: 255, nullable: true });
    expect(columns.get("price")).toMatchObject({
      type: "decimal",
      precision: 10,
      scale: 2,
      default: 1.5,
    });
    expect(columns.get("interval")).toMatchObject({ type: "float" });
    expect(columns.get("active")).toMatchObject({ type: "boolean", default: true });
    expect(columns.get("attrs")).toMatchObject({ type: "json" });
    expect(columns.get("attrs")).not.toHaveProperty("default");
    expect(columns.get("created")).toMatchObject({ type: "datetime", nullable: false });
  });

  it("turns to-one relations into foreign-key columns with their delete action", () => {
    const observation = table("observation");
    expect(observation.columns.find((c) => c.name === "station_id")).toMatchObject({
      type: "integer",
      nullable: false,
    });
    expect(observation.columns.find((c) => c.name === "source_id")?.nullable).toBe(true);
    expect(observation.foreignKeys).toEqual([
      expect.objectContaining({
        name: "fk_observation_station_id",
        onDelete: "cascade",
        referencedTable: "station",
      }),
      expect.objectContaining({ name: "fk_observation_source_id", onDelete: "set null" }),
    ]);
  });

  it("makes the natural key unique within its scope and indexes foreign keys once", () => {
    const indexes = table("observation").indexes.map((i) => `${i.name}${i.unique ? "!" : ""}`);
    expect(indexes).toEqual([
      "uq_observation_station_id_date!",
      "ix_observation_station_id_temp",
      "ix_observation_source_id_date",
    ]);
    expect(table("station").indexes.map((i) => i.name)).toEqual([
      "uq_station_number",
      "ix_station_name",
      "uq_station_ref",
    ]);
  });

  it("gives join tables both keys with cascade and a unique pair", () => {
    const join = table("observation__tags");
    expect(join.columns.map((c) => c.name)).toEqual(["source_id", "target_id"]);
    expect(join.foreignKeys.map((f) => [f.referencedTable, f.onDelete])).toEqual([
      ["observation", "cascade"],
      ["tag", "cascade"],
    ]);
    expect(join.indexes.map((i) => [i.name, i.unique])).toEqual([
      ["uq_observation__tags_source_id_target_id", true],
      ["ix_observation__tags_target_id", false],
    ]);
  });

  it("keeps constraint names within 63 characters, with a hash for long ones", () => {
    const long = foreignKeyName("a_rather_long_model_name_for_measurements", [
      "another_long_relation_id",
    ]);
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long).toMatch(/^fk_a_rather_long_model_name_.*_[0-9a-f]{10}$/);
    expect(
      foreignKeyName("a_rather_long_model_name_for_measurements", ["other_relation_id"]),
    ).not.toBe(long);
  });
});
