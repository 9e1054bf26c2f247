import { describe, expect, it } from "vitest";
import { specError } from "./support/fixture-project.js";

describe("field errors", () => {
  it("names the file, line, key path and closest type", async () => {
    const error = await specError(
      ["models:", "  station:", "    fields:", "      name: {type: strng}"].join("\n"),
    );
    expect(error.code).toBe("CAIRN_SPEC_UNKNOWN_NAME");
    expect(error.message).toBe(
      "unknown field type 'strng' in spec/models.yml:4 models.station.fields.name.type; did you mean 'string'?",
    );
    expect(error.details.errors).toEqual([
      expect.objectContaining({
        file: "spec/models.yml",
        line: 4,
        path: "models.station.fields.name.type",
      }),
    ]);
  });

  it("suggests the closest field option", async () => {
    const error = await specError(
      [
        "models:",
        "  station:",
        "    fields:",
        "      name:",
        "        type: string",
        "        requird: true",
      ].join("\n"),
    );
    expect(error.code).toBe("CAIRN_SPEC_UNKNOWN_KEY");
    expect(error.message).toBe(
      "unknown field option 'requird' in spec/models.yml:6 models.station.fields.name.requird; did you mean 'required'?",
    );
  });

  it("refuses encrypted fields the database would have to index, order or name records by", async () => {
    const error = await specError(
      [
        "models:",
        "  station:",
        "    key: code",
        "    ordering: [-note]",
        "    indexes: [[pin]]",
        "    fields:",
        "      code: {type: string, encrypted: true}",
        "      note: {type: string, encrypted: true}",
        "      pin: {type: string, encrypted: true, unique: true}",
        "      plain: {type: string, searchable: true}",
      ].join("\n"),
    );
    expect(error.code).toBe("CAIRN_SPEC_INVALID");
    const messages = (error.details.errors as { message: string }[]).map((e) => e.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining("'unique' cannot apply to an encrypted field"),
        expect.stringContaining("'searchable' only applies to encrypted fields"),
        expect.stringContaining("key field 'code' is encrypted"),
        expect.stringContaining("index column 'pin' is an encrypted field"),
        expect.stringContaining("ordering field 'note' is encrypted"),
      ]),
    );
  });

  it("accepts encrypted: false", async () => {
    const error = await specError(
      [
        "models:",
        "  station:",
        "    fields:",
        "      secret: {type: string, encrypted: false}",
        "      bad: {type: nope}",
      ].join("\n"),
    );
    expect(error.details.errors).toHaveLength(1);
  });

  it("requires a type", async () => {
    const error = await specError(
      ["models:", "  station:", "    fields:", "      name: {required: true}"].join("\n"),
    );
    expect(error.message).toContain(
      "a field needs a 'type' in spec/models.yml:4 models.station.fields.name",
    );
  });

  it.each([
    ["{type: integer, max_length: 3}", "'max_length' only applies to string fields, not integer"],
    ["{type: string, precision: 3}", "'precision' only applies to decimal fields, not string"],
    ["{type: string, min: 3}", "'min' only applies to numeric"],
    ["{type: date, max: 3}", "'max' only applies to numeric"],
    ["{type: integer, min: 5, max: 1}", "'min' 5 is more than 'max' 1"],
    ["{type: decimal, precision: 4, scale: 6}", "'scale' 6 is more than 'precision' 4"],
    ["{type: integer, choices: [1, two]}", 'choice "two" is not a whole number'],
    [
      "{type: string, choices: [a, b], default: c}",
      'default "c" is not one of the choices ["a","b"]',
    ],
    ["{type: integer, default: 1.5}", "default 1.5 is not a whole number"],
    ["{type: integer, min: 2, default: 1}", "default 1 is less than the minimum 2"],
    ["{type: string, max_length: 2, default: abc}", 'default "abc" is longer than max_length 2'],
    ["{type: date, default: 2024-13-45}", "is not a date (YYYY-MM-DD)"],
    ["{type: boolean, default: yes}", 'default "yes" is not true or false'],
    ["{type: string, required: maybe}", "'required' must be true or false, not 'maybe'"],
    ["{type: string, max_length: 0}", "'max_length' must be a whole number of at least 1, not 0"],
    ["[string]", "a field must be a map of options or a type name, not a list"],
  ])("checks options against the type: %s", async (field, message) => {
    const error = await specError(
      ["models:", "  station:", "    fields:", `      name: ${field}`].join("\n"),
    );
    expect(error.code).toBe("CAIRN_SPEC_INVALID");
    expect(error.message).toContain(message);
    expect(error.message).toContain("spec/models.yml:4");
  });

  it("accepts well-typed defaults of every kind", async () => {
    const error = await specError(
      [
        "models:",
        "  sample:",
        "    fields:",
        "      a: {type: date, default: 2024-02-29}",
        "      b: {type: datetime, default: '2024-02-29T10:00:00Z'}",
        "      c: {type: time, default: '10:30'}",
        "      d: {type: uuid, default: 3f1c6a80-7d52-4a8e-9d44-2b0d7e1c9a10}",
        "      e: {type: json, default: {a: [1, 2]}}",
        "      f: {type: decimal, default: '12.50'}",
        "      g: {type: duration, default: 60, min: 0}",
        "      h: {type: boolean, default: false}",
        "      i: {type: bigint, default: 12}",
        "      j: {type: wrong}",
      ].join("\n"),
    );
    expect(error.details.errors).toHaveLength(1);
    expect(error.message).toContain("unknown field type 'wrong'");
  });

  it("rejects system fields and bad names", async () => {
    const error = await specError(
      [
        "models:",
        "  station:",
        "    fields:",
        "      id: {type: integer}",
        "      Name: {type: string}",
        "      a__b: {type: string}",
      ].join("\n"),
    );
    expect(error.message).toContain(
      "field 'id' is a system field every model already has in spec/models.yml:4",
    );
    expect(error.message).toContain(
      "field name 'Name' is not a snake_case identifier in spec/models.yml:5",
    );
    expect(error.message).toContain(
      "field name 'a__b' is not a snake_case identifier in spec/models.yml:6",
    );
  });
});
