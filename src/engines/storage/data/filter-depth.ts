import { QuerySyntax } from "../../../foundations/error-codes.js";

/**
 * Rejects a `filter=` expression nested deeper than `limit` levels of and/or/not
 * before it is parsed, so a hostile expression never reaches the recursive parser or
 * the database. Outside double quotes every `(` opens a call (bare values cannot hold
 * one), so counting parentheses counts the nesting exactly.
 */
export function checkFilterDepth(expression: string | undefined, limit: number): void {
  if (expression === undefined) return;
  let depth = 0;
  let quoted = false;
  for (let at = 0; at < expression.length; at += 1) {
    const char = expression.charAt(at);
    if (quoted) {
      if (char === "\\") at += 1;
      else if (char === '"') quoted = false;
    } else if (char === '"') {
      quoted = true;
    } else if (char === ")") {
      depth = Math.max(0, depth - 1);
    } else if (char === "(") {
      depth += 1;
      if (depth > limit) {
        throw QuerySyntax.create(
          `filter expression nests deeper than ${String(limit)} levels of and/or/not at position ${String(at)}`,
          {
            hint: `Flatten the expression: at most ${String(limit)} nested and(), or() and not() calls are allowed.`,
            details: { position: at, maxFilterDepth: limit },
          },
        );
      }
    }
  }
}
