import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  AndNode,
  ConditionNode,
  NotNode,
  OrNode,
  formatFilterExpression,
  parseFilterArgument,
  parseFilterExpression,
  type FilterNode,
} from "../../../src/engines/storage/query/index.js";

describe("parseFilterExpression", () => {
  it("parses nested and, or, not and atoms", () => {
    const node = parseFilterExpression("or(a__gt=1, and(b=2,not(c__isnull=true)))");
    expect(OrNode.is(node)).toBe(true);
    expect(node).toEqual(
      OrNode.create([
        ConditionNode.create(["a", "gt"], "1", "a__gt=1", 3),
        AndNode.create([
          ConditionNode.create(["b"], "2", "b=2", 16),
          NotNode.create(ConditionNode.create(["c", "isnull"], "true", "c__isnull=true", 24)),
        ]),
      ]),
    );
    expect(Object.isFrozen(node)).toBe(true);
  });

  it("reads quoted values with commas, parentheses and escapes", () => {
    const node = parseFilterExpression('and(name="a, (b) \\"c\\" \\\\",x=)');
    expect(node).toMatchObject({
      items: [{ value: 'a, (b) "c" \\' }, { segments: ["x"], value: "" }],
    });
  });

  it.each([
    ["or(a=1", 6, "expected ',' or ')'"],
    ["and(a=1,)", 8, "expected and(, or(, not( or path=value"],
    ["xor(a=1)", 0, "is not and, or or not"],
    ["not(a=1,b=2)", 0, "exactly one"],
    ['a="abc', 2, "unterminated"],
    ["a=f(x)", 3, "inside double quotes"],
    ["a=1)", 3, "unexpected text"],
    ["a__=1", 3, "bad filter path"],
    ['a="\\n"', 3, "backslash"],
  ])("reports %s at position %i", (text, position, message) => {
    expect(() => parseFilterExpression(text)).toThrow(
      expect.objectContaining({
        code: "CAIRN_QUERY_SYNTAX",
        details: expect.objectContaining({ position }) as unknown,
        message: expect.stringContaining(message) as unknown,
      }),
    );
  });

  it("splits CLI arguments at the first =", () => {
    expect(parseFilterArgument("note__contains=a=b")).toEqual({
      path: "note__contains",
      value: "a=b",
    });
    expect(() => parseFilterArgument("nothing")).toThrow(
      expect.objectContaining({ code: "CAIRN_QUERY_SYNTAX" }),
    );
  });

  const name = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/);
  const atom = fc
    .tuple(fc.array(name, { minLength: 1, maxLength: 3 }), fc.string({ maxLength: 12 }))
    .map(([segments, value]) =>
      ConditionNode.create(segments, value.trim() === value ? value : value.trim(), ""),
    );
  const tree: fc.Arbitrary<FilterNode> = fc.letrec<{ node: FilterNode }>((tie) => ({
    node: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      atom,
      fc.array(tie("node"), { minLength: 1, maxLength: 3 }).map((items) => AndNode.create(items)),
      fc.array(tie("node"), { minLength: 1, maxLength: 3 }).map((items) => OrNode.create(items)),
      tie("node").map((item) => NotNode.create(item)),
    ),
  })).node;

  /** Drops text and positions, which depend on formatting. */
  function shape(node: FilterNode): unknown {
    switch (node.kind) {
      case "condition":
        return [node.segments, node.value];
      case "and":
      case "or":
        return [node.kind, node.items.map(shape)];
      case "not":
        return ["not", shape(node.item)];
    }
  }

  it("round-trips any tree through format and parse", () => {
    fc.assert(
      fc.property(tree, (node) => {
        expect(shape(parseFilterExpression(formatFilterExpression(node)))).toEqual(shape(node));
      }),
    );
  });
});
