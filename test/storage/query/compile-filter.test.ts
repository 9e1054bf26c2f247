import { describe, expect, it } from "vitest";
import type { DialectName } from "../../../src/engines/storage/database.js";
import {
  adapterFor,
  buildFilter,
  compileFilter,
} from "../../../src/engines/storage/query/index.js";
import { dummyKysely } from "./dummy-kysely.js";
import { weatherSpec } from "./spec-builder.js";

function compile(dialect: DialectName, filters: Record<string, unknown>, filter?: string) {
  const model = weatherSpec.models.get("observation");
  if (model === undefined) throw new Error("fixture");
  const plan = buildFilter(weatherSpec, model, {
    filters: Object.entries(filters).map(([path, value]) => ({ path, value })),
    filter,
  });
  if (plan === undefined) throw new Error("no plan");
  const query = dummyKysely(dialect)
    .selectFrom("observation")
    .select("id")
    .where(compileFilter(plan, adapterFor(dialect), "observation"))
    .compile();
  return {
    sql: query.sql.replace(
      /^select "id" from "observation" where |^select `id` from `observation` where /,
      "",
    ),
    parameters: query.parameters,
  };
}

describe("compileFilter", () => {
  it("crosses to-one relations with uncorrelated IN subqueries, guarding optional keys", () => {
    expect(compile("postgres", { station__region__name: "North" })).toEqual({
      sql: '"observation"."station_id" in (select "q1"."id" from "station" as "q1" where ("q1"."region_id" is not null and "q1"."region_id" in (select "q2"."id" from "region" as "q2" where "q2"."name" = $1)))',
      parameters: ["North"],
    });
  });

  it("crosses many-to-many relations through the join table", () => {
    expect(compile("mysql", { tags__name__in: "a,b" })).toEqual({
      // MariaDB's default collation ignores case: the plain IN serves an index, the
      // binary one makes the comparison exact.
      sql: "exists (select 1 as `one` from `observation__tags` as `q1j` inner join `tag` as `q1` on `q1`.`id` = `q1j`.`target_id` where `q1j`.`source_id` = `observation`.`id` and (`q1`.`name` in (?, ?) and CAST(`q1`.`name` AS BINARY) in (?, ?)))",
      parameters: ["a", "b", "a", "b"],
    });
  });

  it("reads a to-one relation's isnull from the foreign key itself", () => {
    expect(compile("sqlite", { station__isnull: "true" })).toEqual({
      sql: 'not "observation"."station_id" is not null',
      parameters: [],
    });
  });

  it("turns isnull=true across a to-many relation into NOT EXISTS", () => {
    expect(compile("sqlite", { tags__isnull: "true" }).sql).toMatch(/^not exists \(select 1/);
  });

  it("includes rows without a value in ne and notin", () => {
    expect(compile("postgres", { temp__ne: "1.5", note__notin: "a" })).toEqual({
      sql: '(("observation"."temp" <> $1 or "observation"."temp" is null) and ("observation"."note" not in ($2) or "observation"."note" is null))',
      parameters: [1.5, "a"],
    });
  });

  it.each([
    ["sqlite", `"observation"."note" GLOB ?`, ["*50[*]%_!*"]],
    ["postgres", `"observation"."note" LIKE $1 ESCAPE '!'`, ["%50*!%!_!!%"]],
    [
      "mysql",
      "CAST(`observation`.`note` AS BINARY) LIKE CAST(? AS BINARY) ESCAPE '!'",
      ["%50*!%!_!!%"],
    ],
  ] as const)("escapes wildcards for contains on %s", (dialect, sql, parameters) => {
    expect(compile(dialect, { note__contains: "50*%_!" })).toEqual({ sql, parameters });
  });

  it.each([
    ["sqlite", `"observation"."note" LIKE ? ESCAPE '!'`],
    ["postgres", `"observation"."note" ILIKE $1 ESCAPE '!'`],
    [
      "mysql",
      "CAST(LOWER(`observation`.`note`) AS BINARY) LIKE CAST(LOWER(?) AS BINARY) ESCAPE '!'",
    ],
  ] as const)("matches case-insensitively on %s", (dialect, sql) => {
    expect(compile(dialect, { note__istartswith: "Ab" })).toEqual({ sql, parameters: ["Ab%"] });
  });

  it.each([
    ["sqlite", `CAST(strftime('%Y', "observation"."date") AS INTEGER) >= ?`],
    ["postgres", `CAST(EXTRACT(YEAR FROM "observation"."date") AS integer) >= $1`],
    ["mysql", "YEAR(`observation`.`date`) >= ?"],
  ] as const)("extracts date parts on %s", (dialect, sql) => {
    expect(compile(dialect, { date__year__gte: "1930" })).toEqual({ sql, parameters: [1930] });
  });

  it("takes datetime parts in UTC on PostgreSQL", () => {
    expect(compile("postgres", { taken__hour: "3" }).sql).toBe(
      `CAST(EXTRACT(HOUR FROM ("observation"."taken" AT TIME ZONE 'UTC')) AS integer) = $1`,
    );
  });

  it.each([
    ["postgres", `"observation"."note" ~ $1`, ["^a"]],
    ["mysql", "`observation`.`note` REGEXP ?", ["(?-i)^a"]],
    ["sqlite", `"observation"."note" REGEXP ?`, ["^a"]],
  ] as const)("matches regular expressions on %s", (dialect, sql, parameters) => {
    expect(compile(dialect, { note__regex: "^a" })).toEqual({ sql, parameters });
  });

  it("tests JSON containment on postgres", () => {
    expect(compile("postgres", { attrs__contains: '{"a":1}' })).toEqual({
      sql: `CAST("observation"."attrs" AS jsonb) @> CAST($1 AS jsonb)`,
      parameters: ['{"a":1}'],
    });
  });

  it("tests JSON containment structurally on mysql, unknown without a value", () => {
    const { sql, parameters } = compile("mysql", { attrs__contains: '{"a":1}' });
    // JSON_CONTAINS alone is not containment ({"a":1} would match [{"a":1}]).
    expect(sql).toMatch(/^\(CASE WHEN `observation`\.`attrs` IS NULL THEN NULL ELSE \(JSON_TYPE/);
    expect(sql).not.toContain('"a"');
    expect(parameters).toContain("1");
  });

  it("types values with the field codecs", () => {
    expect(
      compile("sqlite", {
        date__range: "2024-01-01,2024-12-31",
        taken__gt: "2024-01-01T01:00:00+01:00",
      }).parameters,
    ).toEqual(["2024-01-01", "2024-12-31", "2024-01-01T00:00:00.000Z"]);
    expect(compile("mysql", { taken__gt: "2024-01-01T01:00:00+01:00" }).parameters).toEqual([
      "2024-01-01 00:00:00.000",
    ]);
  });

  it("combines plain filters with the filter= expression", () => {
    expect(compile("sqlite", { temp__gt: 1 }, "or(note=a,not(temp=2))")).toEqual({
      sql: '("observation"."temp" > ? and ("observation"."note" = ? or not "observation"."temp" = ?))',
      parameters: [1, "a", 2],
    });
  });
});
