import { QuerySyntax } from "../../../foundations/error-codes.js";
import { AndNode, ConditionNode, NotNode, OrNode, type FilterNode } from "./filter-node.js";
import { parseFilterPath } from "./parse-filter.js";

/**
 * Parses the `filter=` grammar into nodes:
 *
 *   expr  := call | atom
 *   call  := ("and" | "or" | "not") "(" expr ("," expr)* ")"
 *   atom  := path "=" value
 *   value := '"' (char | '\"' | '\\')* '"'  |  bare text up to ',' or ')', trimmed
 *
 * Whitespace may surround names, parentheses and commas. Every error names the
 * 0-based character position.
 */
export function parseFilterExpression(text: string): FilterNode {
  const parser = new ExpressionParser(text);
  const node = parser.expression();
  parser.skipSpace();
  if (!parser.atEnd()) parser.fail("unexpected text after the end of the expression");
  return node;
}

const NAME_CHAR = /[A-Za-z0-9_]/;
const CALLS = ["and", "or", "not"] as const;

class ExpressionParser {
  private position = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.position >= this.text.length;
  }

  skipSpace(): void {
    while (/\s/.test(this.text.charAt(this.position))) this.position += 1;
  }

  fail(problem: string, at = this.position): never {
    const found = at < this.text.length ? `'${this.text.charAt(at)}'` : "the end";
    throw QuerySyntax.create(
      `filter expression: ${problem} at position ${at} (found ${found}) in '${this.text}'`,
      {
        hint: 'Write or(a__gt=1,and(b=2,not(c__isnull=true))); quote values holding commas or parentheses: name="a, b".',
        details: { position: at, expression: this.text },
      },
    );
  }

  expression(): FilterNode {
    this.skipSpace();
    const start = this.position;
    const name = this.name();
    if (name === "") this.fail("expected and(, or(, not( or path=value");
    this.skipSpace();
    const next = this.text.charAt(this.position);
    if (next === "(") return this.call(name, start);
    if (next === "=") return this.atom(name, start);
    return this.fail(`expected '(' or '=' after '${name}'`);
  }

  private name(): string {
    const start = this.position;
    while (NAME_CHAR.test(this.text.charAt(this.position))) this.position += 1;
    return this.text.slice(start, this.position);
  }

  private call(name: string, start: number): FilterNode {
    const call = CALLS.find((c) => c === name.toLowerCase());
    if (call === undefined) this.fail(`'${name}' is not and, or or not`, start);
    this.position += 1;
    const items: FilterNode[] = [this.expression()];
    this.skipSpace();
    while (this.text.charAt(this.position) === ",") {
      this.position += 1;
      items.push(this.expression());
      this.skipSpace();
    }
    if (this.text.charAt(this.position) !== ")") this.fail("expected ',' or ')'");
    this.position += 1;
    switch (call) {
      case "and":
        return AndNode.create(items);
      case "or":
        return OrNode.create(items);
      case "not": {
        const [item] = items;
        if (item === undefined || items.length !== 1)
          this.fail("not() takes exactly one item", start);
        return NotNode.create(item);
      }
    }
  }

  private atom(path: string, start: number): ConditionNode {
    const segments = parseFilterPath(path, start);
    this.position += 1;
    const value = this.text.charAt(this.position) === '"' ? this.quoted() : this.bare();
    return ConditionNode.create(segments, value, this.text.slice(start, this.position), start);
  }

  private quoted(): string {
    const open = this.position;
    this.position += 1;
    let value = "";
    for (;;) {
      if (this.atEnd()) this.fail("unterminated quoted value", open);
      const char = this.text.charAt(this.position);
      if (char === '"') break;
      if (char === "\\") {
        const escaped = this.text.charAt(this.position + 1);
        if (escaped !== '"' && escaped !== "\\") {
          this.fail('only \\" and \\\\ may follow a backslash', this.position);
        }
        value += escaped;
        this.position += 2;
      } else {
        value += char;
        this.position += 1;
      }
    }
    this.position += 1;
    return value;
  }

  private bare(): string {
    const start = this.position;
    while (!this.atEnd()) {
      const char = this.text.charAt(this.position);
      if (char === "," || char === ")") break;
      if (char === "(" || char === '"') {
        this.fail(`'${char}' in a value must be inside double quotes`);
      }
      this.position += 1;
    }
    return this.text.slice(start, this.position).trim();
  }
}
