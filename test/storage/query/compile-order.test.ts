import { expect, it } from "vitest";
import type { DialectName } from "../../../src/engines/storage/database.js";
import { adapterFor, compileListQuery } from "../../../src/engines/storage/query/index.js";
import { dummyKysely } from "./dummy-kysely.js";
import { weatherSpec } from "./spec-builder.js";

function orderBy(dialect: DialectName, order: string[]): string {
  const model = weatherSpec.models.get("observation");
  if (model === undefined) throw new Error("fixture");
  const { query } = compileListQuery(
    dummyKysely(dialect),
    adapterFor(dialect),
    weatherSpec,
    model,
    {
      order,
    },
  );
  return query.compile().sql.replace(/^.* order by /, "");
}

it("places nulls natively where the backend can, as the largest value by default", () => {
  expect(orderBy("postgres", ["-temp"])).toBe(
    '"observation"."temp" desc nulls first, "observation"."id" desc',
  );
  expect(orderBy("sqlite", ["temp"])).toBe(
    '"observation"."temp" asc nulls last, "observation"."id" asc',
  );
  expect(orderBy("sqlite", ["temp:nullsfirst"])).toBe(
    '"observation"."temp" asc nulls first, "observation"."id" asc',
  );
});

it("places nulls with an extra key on MySQL, which has no NULLS FIRST", () => {
  expect(orderBy("mysql", ["-temp"])).toBe(
    "`observation`.`temp` is null desc, `observation`.`temp` desc, `observation`.`id` desc",
  );
});

it("ends every ordering with id in the last term's direction, with no null key on required fields", () => {
  expect(orderBy("postgres", ["-date"])).toBe('"observation"."date" desc, "observation"."id" desc');
});
