import { describe, expect, it } from "vitest";
import { bindFilter, parseFilterInput } from "../../../src/engines/storage/query/index.js";
import { weatherSpec } from "./spec-builder.js";

function bind(model: string, path: string, value: unknown) {
  const definition = weatherSpec.models.get(model);
  if (definition === undefined) throw new Error("fixture");
  return bindFilter(weatherSpec, definition, parseFilterInput({ path, value }));
}

describe("bindFilter", () => {
  it("resolves every hop and defaults to eq", () => {
    const node = bind("observation", "station__region__name", "North");
    expect(node).toMatchObject({
      kind: "bound-condition",
      operator: "eq",
      field: { name: "name" },
      operand: { kind: "value", value: "North" },
    });
    expect(node.kind === "bound-condition" && node.hops.map((h) => [h.kind, h.name])).toEqual([
      ["to-one", "station"],
      ["to-one", "region"],
    ]);
  });

  it("refuses a regular expression no backend could compile, naming the filter", () => {
    expect(() => bind("station", "name__regex", "(")).toThrow(
      expect.objectContaining({
        code: "CAIRN_QUERY_BAD_VALUE",
        message: expect.stringContaining(
          "bad value in filter 'name__regex=(': not a regular expression",
        ) as unknown,
      }),
    );
  });

  it("compares a relation by the related key and crosses reverse relations", () => {
    expect(bind("observation", "station__in", "1,2")).toMatchObject({
      field: { name: "number" },
      operand: { kind: "list", values: ["1", "2"] },
    });
    const reverse = bind("tag", "observation__station__name", "x");
    expect(reverse.kind === "bound-condition" && reverse.hops.map((h) => h.kind)).toEqual([
      "many-to-many",
      "to-one",
    ]);
  });

  it.each([
    ["observation", "tmp", "CAIRN_QUERY_UNKNOWN_FIELD", "did you mean 'temp'"],
    ["observation", "station__nmae", "CAIRN_QUERY_UNKNOWN_FIELD", "'name'"],
    ["station", "secret", "CAIRN_QUERY_UNKNOWN_FIELD", "unknown field 'secret'"],
    ["observation", "temp__gtt", "CAIRN_QUERY_UNKNOWN_OPERATOR", "did you mean 'gt'"],
    ["observation", "temp__contains", "CAIRN_QUERY_UNKNOWN_OPERATOR", "does not apply to float"],
    ["observation", "temp__year", "CAIRN_QUERY_UNKNOWN_OPERATOR", "does not apply"],
    ["observation", "time__year", "CAIRN_QUERY_UNKNOWN_OPERATOR", "does not apply to time"],
    ["observation", "date__year__contains", "CAIRN_QUERY_UNKNOWN_OPERATOR", "contains"],
    ["observation", "attrs__eq", "CAIRN_QUERY_UNKNOWN_OPERATOR", "does not apply to json"],
  ])("rejects %s %s with %s", (model, path, code, message) => {
    expect(() => bind(model, path, "1")).toThrow(
      expect.objectContaining({ code, message: expect.stringContaining(message) as unknown }),
    );
  });

  it.each([
    ["date__gte", "2024-02-30", "expected a date"],
    ["temp__range", "1", "two values"],
    ["temp__isnull", "maybe", "true or false"],
    ["date__month", "june", "integer"],
    ["temp", null, "isnull=true"],
  ])("rejects the value of %s=%s naming the filter", (path, value, message) => {
    expect(() => bind("observation", path, value)).toThrow(
      expect.objectContaining({
        code: "CAIRN_QUERY_BAD_VALUE",
        message: expect.stringContaining(message) as unknown,
      }),
    );
  });
});
