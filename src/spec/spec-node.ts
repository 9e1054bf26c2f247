import type { JsonValue } from "./field-types.js";
import type { SourceLocation } from "./source-location.js";

/**
 * A parsed YAML value that remembers where it was written. Validation reads these
 * instead of plain objects so every error can name the file, the line and the key path,
 * even after inheritance has moved entries between files.
 */
export type SpecNode = SpecMap | SpecList | SpecScalar;

export interface SpecScalar {
  readonly kind: "scalar";
  readonly value: string | number | boolean | null;
  readonly location: SourceLocation;
}

export interface SpecList {
  readonly kind: "list";
  readonly items: readonly SpecNode[];
  readonly location: SourceLocation;
}

export interface SpecMap {
  readonly kind: "map";
  /** Entries in written order; keys beginning with `_` are already left out. */
  readonly entries: ReadonlyMap<string, SpecNode>;
  readonly location: SourceLocation;
}

/** A spec value as plain JSON (defaults, choices, json fields). */
export function toJson(node: SpecNode): JsonValue {
  switch (node.kind) {
    case "scalar":
      return node.value;
    case "list":
      return node.items.map(toJson);
    case "map": {
      const result: Record<string, JsonValue> = {};
      for (const [key, value] of node.entries) result[key] = toJson(value);
      return result;
    }
  }
}

export function isNull(node: SpecNode): boolean {
  return node.kind === "scalar" && node.value === null;
}

/** Words for error messages: "a map", "a list", "the string 'x'". */
export function describeNode(node: SpecNode): string {
  if (node.kind === "map") return "a map";
  if (node.kind === "list") return "a list";
  if (node.value === null) return "nothing";
  return typeof node.value === "string" ? `'${node.value}'` : String(node.value);
}

/** The location of a child reached by `key` from a parent location. */
export function childLocation(parent: SourceLocation, key: string | number): SourceLocation {
  const path =
    typeof key === "number"
      ? `${parent.path}[${key}]`
      : parent.path === ""
        ? key
        : `${parent.path}.${key}`;
  return { ...parent, path };
}
