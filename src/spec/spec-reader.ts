import { didYouMean } from "../foundations/suggest.js";
import { SpecUnknownKey } from "../foundations/error-codes.js";
import type { SourceLocation } from "./source-location.js";
import { describeNode, type SpecMap, type SpecNode } from "./spec-node.js";
import type { SpecProblems } from "./spec-problems.js";

/** Names of fields, relations, models and parameters: they become SQL and query paths. */
export const IDENTIFIER = /^[a-z][a-z0-9_]*$/;

/** Checks a name against IDENTIFIER and the `__` path separator; returns whether it is fine. */
export function checkIdentifier(
  name: string,
  what: string,
  location: SourceLocation,
  problems: SpecProblems,
): boolean {
  if (IDENTIFIER.test(name) && !name.includes("__") && !name.endsWith("_")) return true;
  problems.invalid(
    `${what} name '${name}' is not a snake_case identifier`,
    location,
    "Use lower-case letters, digits and single underscores, starting with a letter (`__` separates query paths).",
  );
  return false;
}

/** Reports every key of `map` not in `allowed`, with the closest allowed names. */
export function checkKeys(
  map: SpecMap,
  allowed: readonly string[],
  what: string,
  problems: SpecProblems,
): void {
  for (const [key, node] of map.entries) {
    if (allowed.includes(key)) continue;
    problems.add(
      SpecUnknownKey,
      `unknown ${what} '${key}'`,
      node.location,
      didYouMean(key, allowed),
    );
  }
}

/** Reads a map-valued node; reports and returns undefined otherwise. */
export function asMap(node: SpecNode, what: string, problems: SpecProblems): SpecMap | undefined {
  if (node.kind === "map") return node;
  problems.invalid(`${what} must be a map, not ${describeNode(node)}`, node.location);
  return undefined;
}

/**
 * Typed optional readers: absent or null keys give undefined; a value of the wrong type
 * is reported and also gives undefined, so validation can go on and find more problems.
 */
export class MapReader {
  constructor(
    readonly map: SpecMap,
    readonly problems: SpecProblems,
  ) {}

  node(key: string): SpecNode | undefined {
    const node = this.map.entries.get(key);
    return node === undefined || (node.kind === "scalar" && node.value === null) ? undefined : node;
  }

  location(key: string): SourceLocation {
    return this.map.entries.get(key)?.location ?? this.map.location;
  }

  string(key: string): string | undefined {
    const node = this.node(key);
    if (node === undefined) return undefined;
    if (node.kind === "scalar" && typeof node.value === "string") return node.value;
    if (node.kind === "scalar" && typeof node.value === "number") return String(node.value);
    this.#wrong(key, node, "a string");
    return undefined;
  }

  boolean(key: string): boolean | undefined {
    const node = this.node(key);
    if (node === undefined) return undefined;
    if (node.kind === "scalar" && typeof node.value === "boolean") return node.value;
    this.#wrong(key, node, "true or false");
    return undefined;
  }

  number(key: string): number | undefined {
    const node = this.node(key);
    if (node === undefined) return undefined;
    if (node.kind === "scalar" && typeof node.value === "number") return node.value;
    this.#wrong(key, node, "a number");
    return undefined;
  }

  /** An integer of at least `min`. */
  integer(key: string, min: number): number | undefined {
    const value = this.number(key);
    if (value === undefined) return undefined;
    if (Number.isInteger(value) && value >= min) return value;
    this.problems.invalid(
      `'${key}' must be a whole number of at least ${min}, not ${value}`,
      this.location(key),
    );
    return undefined;
  }

  /** A list of strings; a single string is taken as a list of one. */
  strings(key: string): string[] | undefined {
    const node = this.node(key);
    if (node === undefined) return undefined;
    if (node.kind === "scalar" && typeof node.value === "string") return [node.value];
    if (node.kind !== "list") {
      this.#wrong(key, node, "a list of names");
      return undefined;
    }
    const result: string[] = [];
    for (const item of node.items) {
      if (item.kind === "scalar" && typeof item.value === "string") result.push(item.value);
      else this.problems.invalid(`expected a name, not ${describeNode(item)}`, item.location);
    }
    return result;
  }

  #wrong(key: string, node: SpecNode, expected: string): void {
    this.problems.invalid(`'${key}' must be ${expected}, not ${describeNode(node)}`, node.location);
  }
}
