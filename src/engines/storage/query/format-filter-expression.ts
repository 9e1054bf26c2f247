import type { FilterNode } from "./filter-node.js";

/** Values that would not survive as bare text in the grammar. */
const NEEDS_QUOTES = /[,()"\\]|^\s|\s$/;

function formatValue(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  if (!NEEDS_QUOTES.test(text)) return text;
  return `"${text.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
}

/**
 * Writes nodes back in the `filter=` grammar, quoting where needed. Parsing the result
 * gives the same tree, which lets faces build `next` links and tests check round trips.
 */
export function formatFilterExpression(node: FilterNode): string {
  switch (node.kind) {
    case "condition":
      return `${node.segments.join("__")}=${formatValue(node.value)}`;
    case "and":
    case "or":
      return `${node.kind}(${node.items.map(formatFilterExpression).join(",")})`;
    case "not":
      return `not(${formatFilterExpression(node.item)})`;
  }
}
