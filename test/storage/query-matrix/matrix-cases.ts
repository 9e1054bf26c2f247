import { operatorsFor, type Operator } from "../../../src/engines/storage/query/operators.js";
import { transformsFor, type Transform } from "../../../src/engines/storage/query/transforms.js";
import type { FieldType } from "../../../src/spec/field-types.js";
import { evaluate } from "./matrix-oracle.js";
import { cellOf, codeOf, ROW_COUNT } from "./matrix-rows.js";

/** Operand values to try, by what an operator takes. */
interface Samples {
  /** Single values: eq ne lt lte gt gte. */
  readonly values: readonly string[];
  /** Comma-separated lists: in notin (`""` is the empty list). */
  readonly lists: readonly string[];
  /** `low,high` pairs. */
  readonly ranges: readonly string[];
  /** Substrings for every text match, case-insensitive ones included: ASCII only. */
  readonly texts?: readonly string[];
  /** More substrings for the case-sensitive matches only (non-ASCII folding differs). */
  readonly exactTexts?: readonly string[];
  readonly regexes?: readonly string[];
  /** JSON documents for json `contains`. */
  readonly documents?: readonly string[];
}

const STRING_SAMPLES: Samples = {
  values: ["apple", "Apple", "", "abc", "x", "%", "\\", "Ünïcode", "ünïcode", "abc ", "b", "Z"],
  lists: ["apple,abc", "x,", "nomatch", "", "Apple,ZEBRA,%", "abc", "unicode,Ünïcode"],
  ranges: ["a,b", "A,Z", ",a", "abc,abcd", "z,a", "X,x"],
  texts: [
    "a",
    "A",
    "pp",
    "PP",
    "%",
    "_",
    "\\",
    "!",
    "'",
    '"',
    "*",
    "?",
    "[",
    "]",
    "ab",
    "c",
    "E",
    " ",
    "",
    "NI",
    "a,b",
    "100%",
    "line1\nl",
  ],
  exactTexts: ["ï", "Ü", "Ünï"],
  regexes: [
    "^a",
    "^A",
    "e$",
    "^$",
    "p{2}",
    "a|Z",
    "[%_]",
    "\\\\",
    "^[a-z]+$",
    "^.{3}$",
    "ï",
    "^[^a-z]*$",
    "[0-9]",
  ],
};

/** Operand samples of every field type. */
export const SAMPLES: Readonly<Record<FieldType, Samples>> = {
  string: STRING_SAMPLES,
  text: STRING_SAMPLES,
  integer: {
    values: ["0", "-1", "42", "2147483647", "-2147483648", "7"],
    lists: ["42,7", "-1,0,1", "", "1000"],
    ranges: ["0,42", "-100,-1", "5,5", "10,0"],
  },
  bigint: {
    values: [
      "9223372036854775807",
      "-9223372036854775808",
      "9007199254740993",
      "9007199254740992",
      "0",
    ],
    lists: ["9007199254740993,1", "9223372036854775806,9223372036854775807", ""],
    ranges: ["9007199254740992,9007199254740993", "-9223372036854775808,0"],
  },
  float: {
    values: ["0", "0.1", "0.3", "-0.5", "1e300", "0.30000000000000004", "42"],
    lists: ["0.1,0.3", "2.5,100", ""],
    ranges: ["0,1", "-1e301,0", "0.1,0.3"],
  },
  decimal: {
    values: ["12.5", "12.500000", "0.000001", "-0.000001", "0", "7.000001", "123456789.123456"],
    lists: ["12.5,0.1", "7,-12.5", ""],
    ranges: ["0,0.00001", "-12.5,12.5", "7,7.000001"],
  },
  boolean: {
    values: ["true", "false", "yes", "0"],
    lists: ["true", "true,false", "no", ""],
    ranges: [],
  },
  date: {
    values: ["2021-01-01", "2020-12-31", "2021-01-04", "2024-02-29", "1970-01-01"],
    lists: ["2021-01-01,2020-12-31", ""],
    ranges: ["2020-12-28,2021-01-03", "2021-01-04,2021-12-31"],
  },
  datetime: {
    values: [
      "2021-01-01T00:00:00Z",
      "2020-12-31T23:30:00Z",
      "2021-01-01T01:30:00+01:00",
      "2021-01-01",
      "2020-12-31T23:59:59.999Z",
    ],
    lists: ["2021-01-01T00:00:00Z,2000-01-01T00:00:00Z", ""],
    ranges: ["2020-12-31T23:00:00Z,2021-01-01T00:00:00Z", "2021-01-01,2021-12-31"],
  },
  time: {
    values: ["00:00", "07:30", "07:30:30", "23:59:59", "12:00:00"],
    lists: ["12:00,00:00", ""],
    ranges: ["07:00,08:00", "00:00,00:59:59"],
  },
  duration: {
    values: ["90", "1h30m", "PT2H", "0", "-10", "26h"],
    lists: ["90,5400", "2d,0", ""],
    ranges: ["0,90", "1h,2h", "-60,0"],
  },
  json: {
    values: [],
    lists: [],
    ranges: [],
    documents: [
      '{"a":1}',
      '{"a":1.0}',
      "[1]",
      "[1,2]",
      "1",
      '"plain"',
      '"x"',
      '{"b":[2]}',
      '{"a":{"b":"c"}}',
      "{}",
      "[]",
      "true",
      "false",
      '[{"a":1}]',
      '{"tags":["y"]}',
      "2",
      "[[1]]",
      '{"a":"1"}',
      '"1"',
      "1.5",
      '{"a":[1]}',
    ],
  },
  uuid: {
    values: [
      "123e4567-e89b-12d3-a456-426614174000",
      "123E4567-E89B-12D3-A456-426614174000",
      "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
    ],
    lists: ["123e4567-e89b-12d3-a456-426614174001,00000000-0000-0000-0000-000000000000", ""],
    ranges: [],
  },
  binary: {
    values: ["aGVsbG8=", "AA==", "AP8A"],
    lists: ["aGVsbG8=,/w==", ""],
    ranges: [],
  },
};

/** Operand samples of every transform's integer part, around the fixture's boundaries. */
export const TRANSFORM_SAMPLES: Readonly<Record<Transform, Samples>> = {
  year: { values: ["2021", "2020", "1999"], lists: ["2020,2021", ""], ranges: ["2000,2020"] },
  quarter: { values: ["1", "4", "2"], lists: ["2,3"], ranges: ["1,2"] },
  month: { values: ["1", "12", "2"], lists: ["1,12"], ranges: ["3,4"] },
  week: { values: ["53", "1", "2", "9"], lists: ["53,52"], ranges: ["1,2"] },
  weekday: { values: ["1", "5", "7", "4"], lists: ["6,7"], ranges: ["1,3"] },
  day: { values: ["31", "1", "29"], lists: ["1,31"], ranges: ["28,31"] },
  hour: { values: ["0", "23", "7", "12"], lists: ["0,23"], ranges: ["0,7"] },
  minute: { values: ["0", "59", "30"], lists: ["0,30"], ranges: ["30,59"] },
};

const none: readonly string[] = [];

/**
 * Which samples each operator takes. A Record: a new operator needs an entry here
 * before this compiles, and one with no samples for a type fails the suite.
 */
const OPERANDS: Readonly<
  Record<Operator, (samples: Samples, type: FieldType) => readonly string[]>
> = {
  eq: (s) => s.values,
  ne: (s) => s.values,
  lt: (s) => s.values,
  lte: (s) => s.values,
  gt: (s) => s.values,
  gte: (s) => s.values,
  in: (s) => s.lists,
  notin: (s) => s.lists,
  isnull: () => ["true", "false"],
  range: (s) => s.ranges,
  contains: (s, type) =>
    type === "json" ? (s.documents ?? none) : [...(s.texts ?? none), ...(s.exactTexts ?? none)],
  icontains: (s) => s.texts ?? none,
  startswith: (s) => [...(s.texts ?? none), ...(s.exactTexts ?? none)],
  istartswith: (s) => s.texts ?? none,
  endswith: (s) => [...(s.texts ?? none), ...(s.exactTexts ?? none)],
  iendswith: (s) => s.texts ?? none,
  regex: (s) => s.regexes ?? none,
};

/** One query and the row codes the oracle expects from it. */
export interface MatrixProbe {
  readonly value: string;
  readonly expected: readonly string[];
}

/** Every operand of one field, transform and operator. */
export interface MatrixGroup {
  readonly path: string;
  readonly type: FieldType;
  readonly transform: Transform | undefined;
  readonly operator: Operator;
  readonly probes: readonly MatrixProbe[];
}

export function fieldOf(type: FieldType): string {
  return `f_${type}`;
}

/** Codes of the rows a condition matches (true, not unknown), by the oracle. */
export function expectedCodes(
  type: FieldType,
  transform: Transform | undefined,
  operator: Operator,
  operand: string,
): string[] {
  const codes: string[] = [];
  for (let i = 0; i < ROW_COUNT; i += 1) {
    if (evaluate(operator, cellOf(type, i), { type, transform, operand }) === true) {
      codes.push(codeOf(i));
    }
  }
  return codes;
}

function group(type: FieldType, transform: Transform | undefined, operator: Operator): MatrixGroup {
  const samples = transform === undefined ? SAMPLES[type] : TRANSFORM_SAMPLES[transform];
  const operands = OPERANDS[operator](samples, type);
  return {
    path: `${fieldOf(type)}${transform === undefined ? "" : `__${transform}`}__${operator}`,
    type,
    transform,
    operator,
    probes: operands.map((value) => ({
      value,
      expected: expectedCodes(type, transform, operator, value),
    })),
  };
}

/**
 * The matrix, generated from operators.ts and transforms.ts: every operator each type
 * allows, and the number operators on every transform it offers.
 */
export function matrixGroups(types: readonly FieldType[]): MatrixGroup[] {
  return types.flatMap((type) => [
    ...operatorsFor(type).map((operator) => group(type, undefined, operator)),
    ...transformsFor(type).flatMap((transform) =>
      operatorsFor("integer").map((operator) => group(type, transform, operator)),
    ),
  ]);
}
