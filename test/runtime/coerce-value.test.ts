import { expect, it } from "vitest";
import type { ParameterType } from "../../src/spec/field-types.js";
import type { ParameterDefinition } from "../../src/spec/parameter-definition.js";
import { coerceValue } from "../../src/runtime/parameters/coerce-value.js";

function parameter(
  type: ParameterType,
  extra: Partial<ParameterDefinition> = {},
): ParameterDefinition {
  return {
    name: "p",
    type,
    required: false,
    multiple: false,
    source: { file: "spec/commands.yml", line: 1, column: 1, path: "commands.x.parameters.p" },
    ...extra,
  };
}

const fromCli = (type: ParameterType, raw: unknown, extra?: Partial<ParameterDefinition>) =>
  coerceValue(parameter(type, extra), raw, true);

it("reads durations as stored fields do: seconds, ISO 8601 or 1h30m", () => {
  expect(fromCli("duration", "90m")).toEqual({ ok: true, value: 5400 });
  expect(fromCli("duration", "5400")).toEqual({ ok: true, value: 5400 });
  expect(fromCli("duration", "PT1H30M")).toEqual({ ok: true, value: 5400 });
  expect(fromCli("duration", "soon")).toMatchObject({ ok: false });
});

it("refuses a datetime without an offset instead of guessing a time zone", () => {
  expect(fromCli("datetime", "2026-01-05T10:00:00+01:00")).toEqual({
    ok: true,
    value: "2026-01-05T09:00:00.000Z",
  });
  expect(fromCli("datetime", "2026-01-05T10:00:00")).toMatchObject({ ok: false });
  expect(fromCli("datetime", "Jan 5 2026")).toMatchObject({ ok: false });
});

it("checks the spec's options with the same words as stored values", () => {
  expect(fromCli("integer", "9", { max: 5 })).toEqual({
    ok: false,
    problem: "expected at most 5, got 9",
  });
  expect(fromCli("string", "blue", { choices: ["red", "green"] })).toMatchObject({ ok: false });
  expect(fromCli("flag", "yes")).toEqual({ ok: true, value: true });
  expect(fromCli("key", "03005")).toEqual({ ok: true, value: "03005" });
});

it("keeps an API caller's JSON string as a string, and reads JSON text from the CLI", () => {
  expect(coerceValue(parameter("json"), "0", false)).toEqual({ ok: true, value: "0" });
  expect(fromCli("json", '{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
});

it("hands bigints over as numbers while exact, else as text", () => {
  expect(fromCli("bigint", "42")).toEqual({ ok: true, value: 42 });
  expect(fromCli("bigint", "9007199254740993")).toEqual({ ok: true, value: "9007199254740993" });
});
