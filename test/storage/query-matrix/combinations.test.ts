import { expect, it } from "vitest";
import { isOperator, type Operator } from "../../../src/engines/storage/query/operators.js";
import { isTransform, type Transform } from "../../../src/engines/storage/query/transforms.js";
import { isFieldType } from "../../../src/spec/field-types.js";
import { describeEachBackend } from "../../support/describe-each-backend.js";
import { evaluate, type Truth } from "./matrix-oracle.js";
import { cellOf, codeOf, LABELS, PARTS, ROW_COUNT } from "./matrix-rows.js";
import { matching, useMatrixStore } from "./matrix-suite.js";

/** A filter expression as data, so the oracle can evaluate what the text says. */
type Expr =
  | { readonly and: readonly Expr[] }
  | { readonly or: readonly Expr[] }
  | { readonly not: Expr }
  | readonly [path: string, value: string];

function quote(value: string): string {
  return /[,()"\\]|^\s|\s$/.test(value) ? `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"` : value;
}

function format(expr: Expr): string {
  if ("and" in expr) return `and(${expr.and.map(format).join(",")})`;
  if ("or" in expr) return `or(${expr.or.map(format).join(",")})`;
  if ("not" in expr) return `not(${format(expr.not)})`;
  return `${expr[0]}=${quote(expr[1])}`;
}

/** `f_<type>[__<transform>][__<operator>]`, as the matrix fields are named. */
function leaf(path: string, value: string, row: number): Truth {
  const [field = "", ...rest] = path.split("__");
  const type = field.slice(2);
  if (!isFieldType(type)) throw new Error(`not a matrix field: ${path}`);
  const last = rest.at(-1);
  const operator: Operator = last !== undefined && isOperator(last) ? last : "eq";
  const first = rest[0];
  const transform: Transform | undefined =
    first !== undefined && isTransform(first) ? first : undefined;
  return evaluate(operator, cellOf(type, row), { type, transform, operand: value });
}

/** SQL's three-valued logic over the oracle's leaves. */
function truth(expr: Expr, row: number): Truth {
  if ("not" in expr) {
    const inner = truth(expr.not, row);
    return inner === null ? null : !inner;
  }
  if ("and" in expr) {
    const items = expr.and.map((item) => truth(item, row));
    if (items.includes(false)) return false;
    return items.includes(null) ? null : true;
  }
  if ("or" in expr) {
    const items = expr.or.map((item) => truth(item, row));
    if (items.includes(true)) return true;
    return items.includes(null) ? null : false;
  }
  return leaf(expr[0], expr[1], row);
}

function expected(test: (row: number) => boolean): string[] {
  return Array.from({ length: ROW_COUNT }, (_, row) => row)
    .filter(test)
    .map(codeOf);
}

const EXPRESSIONS: readonly Expr[] = [
  {
    or: [
      ["f_integer__gt", "5"],
      ["f_string__isnull", "true"],
    ],
  },
  { and: [["f_float__lt", "1"], { not: ["f_boolean", "true"] }] },
  { not: ["f_integer__gt", "0"] },
  { not: ["f_integer__ne", "42"] },
  { not: ["f_integer__notin", "42,7"] },
  { not: ["f_integer__in", "42,7"] },
  { not: ["f_integer__in", ""] },
  { not: ["f_string__icontains", "a"] },
  { not: ["f_string__regex", "^a"] },
  { not: ["f_json__contains", '{"a":1}'] },
  { not: ["f_json__contains", "1"] },
  { not: ["f_json__contains", "[1]"] },
  { not: ["f_date__week", "53"] },
  { not: ["f_datetime__hour__lt", "12"] },
  { not: ["f_decimal__range", "-12.5,12.5"] },
  { or: [{ not: ["f_integer__gt", "5"] }, ["f_integer__isnull", "true"]] },
  {
    or: [
      ["f_string", "a,b"],
      ["f_string", 'say "hi"'],
      ["f_string", "  padded  "],
    ],
  },
  {
    or: [
      ["f_string__in", "apple,abc"],
      ["f_text__startswith", "("],
    ],
  },
  {
    and: [
      {
        or: [
          ["f_date__year", "2021"],
          ["f_datetime__year", "2021"],
        ],
      },
      {
        not: {
          and: [
            ["f_time__hour__gte", "12"],
            ["f_duration__gt", "60"],
          ],
        },
      },
    ],
  },
  { and: [["f_bigint__gt", "0"], { not: ["f_uuid__isnull", "false"] }] },
  { or: [["f_binary", "aGVsbG8="], ["f_boolean__in", "false"], { not: ["f_time", "00:00"] }] },
];

describeEachBackend("query matrix: filter expressions and relations", (fixture) => {
  const store = useMatrixStore(fixture);

  it.each(EXPRESSIONS.map((expr) => [format(expr), expr] as const))(
    "filter=%s",
    async (text, expr) => {
      const codes = expected((row) => truth(expr, row) === true);
      expect(await matching(store(), { filter: text })).toEqual({ codes, count: codes.length });
    },
  );

  it("ANDs filter= with path filters", async () => {
    const expr: Expr = { not: ["f_integer__lt", "10"] };
    const codes = expected(
      (row) => truth(expr, row) === true && leaf("f_string__isnull", "false", row) === true,
    );
    expect(
      await matching(store(), {
        filter: format(expr),
        filters: [{ path: "f_string__isnull", value: "false" }],
      }),
    ).toEqual({ codes, count: codes.length });
  });

  const weights = (row: number) =>
    PARTS.filter(([item]) => item === row).map(([, weight]) => weight);
  const labels = (row: number) => LABELS.find(([item]) => item === row)?.[1] ?? [];
  const some = (values: readonly (number | null)[], operator: Operator, operand: string) =>
    values.some(
      (weight) =>
        evaluate(operator, weight === null ? null : String(weight), {
          type: "integer",
          transform: undefined,
          operand,
        }) === true,
    );

  it.each([
    ["part__weight__gt", "5", (row: number) => some(weights(row), "gt", "5")],
    ["part__weight__ne", "1", (row: number) => some(weights(row), "ne", "1")],
    ["part__weight__notin", "1,10", (row: number) => some(weights(row), "notin", "1,10")],
    ["part__weight__isnull", "true", (row: number) => weights(row).every((w) => w === null)],
    ["part__weight__isnull", "false", (row: number) => weights(row).some((w) => w !== null)],
    ["part__isnull", "true", (row: number) => weights(row).length === 0],
    ["labels", "red", (row: number) => labels(row).includes("red")],
    ["labels__name__in", "green,blue", (row: number) => labels(row).some((l) => l !== "red")],
    ["labels__isnull", "true", (row: number) => labels(row).length === 0],
  ] as const)("across a to-many relation: %s=%s", async (path, value, test) => {
    const codes = expected(test);
    expect(await matching(store(), { filters: [{ path, value }] })).toEqual({
      codes,
      count: codes.length,
    });
  });

  it("across a relation inside not(...): no related record matches", async () => {
    const codes = expected((row) => !some(weights(row), "gt", "5"));
    expect(await matching(store(), { filter: "not(part__weight__gt=5)" })).toEqual({
      codes,
      count: codes.length,
    });
  });
});
