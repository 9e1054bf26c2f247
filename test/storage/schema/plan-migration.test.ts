import { describe, expect, it } from "vitest";
import {
  destructiveReason,
  planMigration,
  type MigrationStep,
} from "../../../src/engines/storage/schema/index.js";
import { column, foreignKey, index, schema, table } from "./support/schema-builders.js";

const kinds = (steps: readonly MigrationStep[]) => steps.map((s) => `${s.kind} ${s.table}`);
const only = (steps: readonly MigrationStep[]): MigrationStep => {
  expect(steps).toHaveLength(1);
  return steps[0] as MigrationStep;
};

const station = table("station", [column("name", "string", { maxLength: 40 })]);

describe("planMigration", () => {
  it("plans nothing for equal schemas", () => {
    expect(planMigration(schema(station), schema(station)).steps).toEqual([]);
  });

  it("creates referenced tables first", () => {
    const observation = table("observation", [column("station_id", "integer")], {
      foreignKeys: [foreignKey("observation", "station_id", "station")],
      indexes: [index("observation", ["station_id"])],
    });
    const plan = planMigration(schema(), schema(observation, station));
    expect(kinds(plan.steps)).toEqual(["create_table station", "create_table observation"]);
    const created = plan.steps[1];
    expect(created?.kind === "create_table" && created.schema.foreignKeys).toHaveLength(1);
  });

  it("defers a foreign key that closes a cycle until both tables exist", () => {
    const a = table("a", [column("b_id", "integer")], {
      foreignKeys: [foreignKey("a", "b_id", "b")],
    });
    const b = table("b", [column("a_id", "integer")], {
      foreignKeys: [foreignKey("b", "a_id", "a")],
    });
    const plan = planMigration(schema(), schema(a, b));
    expect(kinds(plan.steps)).toEqual(["create_table b", "create_table a", "add_foreign_key b"]);
  });

  it("drops a table destructively, after dropping keys that point at it", () => {
    const observation = table("observation", [column("station_id", "integer")], {
      foreignKeys: [foreignKey("observation", "station_id", "station")],
    });
    const plan = planMigration(
      schema(station, observation),
      schema(table("observation", [column("station_id", "integer")])),
    );
    expect(kinds(plan.steps)).toEqual(["drop_foreign_key observation", "drop_table station"]);
    expect(destructiveReason(plan.steps[1] as MigrationStep, 0)).toMatch(/drops the table/);
  });

  it("adds a nullable column safely", () => {
    const wanted = table("station", [
      column("name", "string", { maxLength: 40 }),
      column("x", "float"),
    ]);
    const step = only(planMigration(schema(station), schema(wanted)).steps);
    expect(step).toMatchObject({ kind: "add_column", column: { name: "x" } });
    expect(destructiveReason(step, undefined)).toBeUndefined();
  });

  it("marks a NOT NULL column without default for a row check", () => {
    const wanted = table("station", [
      column("name", "string", { maxLength: 40 }),
      column("x", "integer", { nullable: false }),
    ]);
    const step = only(planMigration(schema(station), schema(wanted)).steps);
    expect(step).toMatchObject({ kind: "add_column", rowCheck: true });
    expect(destructiveReason(step, 0)).toBeUndefined();
    expect(destructiveReason(step, 3)).toMatch(/NOT NULL/);
    const withDefault = table("station", [
      column("name", "string", { maxLength: 40 }),
      column("x", "integer", { nullable: false, default: 1 }),
    ]);
    const safe = only(planMigration(schema(station), schema(withDefault)).steps);
    expect(safe.kind === "add_column" && safe.rowCheck).toBeFalsy();
  });

  it("drops a column destructively", () => {
    const step = only(planMigration(schema(station), schema(table("station", []))).steps);
    expect(step).toMatchObject({ kind: "drop_column", column: "name" });
    expect(destructiveReason(step, 0)).toBeDefined();
  });

  const alter = (from: Parameters<typeof column>, to: Parameters<typeof column>) =>
    only(
      planMigration(schema(table("t", [column(...from)])), schema(table("t", [column(...to)])))
        .steps,
    );

  it.each([
    ["string", { maxLength: 20 }, "string", { maxLength: 40 }],
    ["string", { maxLength: 20 }, "text", {}],
    ["integer", {}, "bigint", {}],
    ["integer", {}, "float", {}],
    ["decimal", { precision: 10, scale: 2 }, "decimal", { precision: 12, scale: 3 }],
    ["date", {}, "datetime", {}],
    ["integer", {}, "text", {}],
  ] as const)("widening %s %o to %s %o is safe", (fromType, fromExtra, toType, toExtra) => {
    const step = alter(["c", fromType, fromExtra], ["c", toType, toExtra]);
    expect(step.kind).toBe("alter_column");
    expect(destructiveReason(step, 0)).toBeUndefined();
  });

  it.each([
    ["string", { maxLength: 40 }, "string", { maxLength: 20 }, /narrows/],
    ["text", {}, "string", { maxLength: 20 }, /narrows/],
    ["float", {}, "integer", {}, /narrows/],
    ["bigint", {}, "integer", {}, /narrows/],
    ["decimal", { precision: 10, scale: 2 }, "decimal", { precision: 8, scale: 2 }, /narrows/],
    ["decimal", { precision: 10, scale: 2 }, "decimal", { precision: 10, scale: 1 }, /narrows/],
    ["text", {}, "integer", {}, /changes type/],
    ["json", {}, "boolean", {}, /changes type/],
  ] as const)(
    "narrowing %s %o to %s %o is destructive",
    (fromType, fromExtra, toType, toExtra, reason) => {
      const step = alter(["c", fromType, fromExtra], ["c", toType, toExtra]);
      expect(destructiveReason(step, 0)).toMatch(reason);
    },
  );

  it("making a column NOT NULL is destructive without a default only", () => {
    const strict = alter(["c", "integer", {}], ["c", "integer", { nullable: false }]);
    expect(destructiveReason(strict, 0)).toMatch(/NOT NULL without a default/);
    const defaulted = alter(
      ["c", "integer", {}],
      ["c", "integer", { nullable: false, default: 0 }],
    );
    expect(destructiveReason(defaulted, 0)).toBeUndefined();
    const relaxed = alter(["c", "integer", { nullable: false }], ["c", "integer", {}]);
    expect(destructiveReason(relaxed, 0)).toBeUndefined();
  });

  it("changes a default safely", () => {
    const step = alter(
      ["c", "string", { maxLength: 5, default: "a" }],
      ["c", "string", { maxLength: 5 }],
    );
    expect(step.kind).toBe("alter_column");
    expect(destructiveReason(step, 0)).toBeUndefined();
  });

  it("creates and drops indexes, recreating one whose columns changed", () => {
    const current = table("t", [column("a", "integer"), column("b", "integer")], {
      indexes: [index("t", ["a"]), { name: "ix_keep", columns: ["a"], unique: false }],
    });
    const wanted = table("t", [column("a", "integer"), column("b", "integer")], {
      indexes: [index("t", ["b"], true), { name: "ix_keep", columns: ["a", "b"], unique: false }],
    });
    const steps = planMigration(schema(current), schema(wanted)).steps;
    expect(
      steps.map((s) => `${s.kind} ${s.kind.endsWith("index") && "index" in s ? s.index.name : ""}`),
    ).toEqual([
      "drop_index ix_keep",
      "create_index uq_t_b",
      "create_index ix_keep",
      "drop_index ix_t_a",
    ]);
  });

  it("adds foreign keys last and drops them first; a changed action is drop then add", () => {
    const target = table("s", []);
    const current = table("t", [column("s_id", "integer"), column("old", "integer")], {
      foreignKeys: [foreignKey("t", "s_id", "s", "restrict")],
    });
    const wanted = table("t", [column("s_id", "integer")], {
      foreignKeys: [foreignKey("t", "s_id", "s", "cascade")],
    });
    const steps = planMigration(schema(target, current), schema(target, wanted)).steps;
    expect(steps.map((s) => s.kind)).toEqual([
      "drop_foreign_key",
      "drop_column",
      "add_foreign_key",
    ]);
  });

  it("orders a whole plan by phase", () => {
    const current = schema(
      table("gone", [column("a", "integer")]),
      table("t", [column("a", "integer"), column("b", "string", { maxLength: 9 })], {
        indexes: [index("t", ["b"])],
      }),
    );
    const wanted = schema(
      table("fresh", []),
      table("t", [column("a", "bigint"), column("c", "text")], { indexes: [index("t", ["c"])] }),
    );
    expect(kinds(planMigration(current, wanted).steps)).toEqual([
      "drop_index t", // on a column that goes, so before the columns change
      "create_table fresh",
      "add_column t",
      "alter_column t",
      "create_index t",
      "drop_column t",
      "drop_table gone",
    ]);
  });
});
