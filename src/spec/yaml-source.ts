import { readFileSync } from "node:fs";
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node as YamlNode,
  type ParsedNode,
} from "yaml";
import { SpecSyntax } from "../foundations/error-codes.js";
import type { SourceLocation } from "./source-location.js";
import type { SpecMap, SpecNode } from "./spec-node.js";
import type { SpecProblems } from "./spec-problems.js";

/** Deeper than any sane spec; stops alias loops (`a: &x [*x]`). */
const MAX_DEPTH = 64;

interface Walk {
  readonly doc: Document.Parsed;
  readonly lines: LineCounter;
  readonly file: string;
  readonly problems: SpecProblems;
}

/**
 * Reads one YAML file into located nodes. Keys beginning with `_` are dropped (they
 * hold anchors); `<<` merge keys are applied, explicit keys winning. Syntax errors are
 * added to `problems` and the result is then undefined.
 */
export function readYamlFile(
  absolutePath: string,
  displayFile: string,
  problems: SpecProblems,
): SpecMap | undefined {
  return parseYaml(readFileSync(absolutePath, "utf8"), displayFile, problems);
}

export function parseYaml(
  text: string,
  displayFile: string,
  problems: SpecProblems,
): SpecMap | undefined {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, merge: true, prettyErrors: false });
  const rootLocation: SourceLocation = { file: displayFile, line: 0, column: 0, path: "" };
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const pos = lines.linePos(error.pos[0]);
      const location = { ...rootLocation, line: pos.line, column: pos.col };
      const text = error.message.split("\n")[0] ?? error.message;
      problems.add(SpecSyntax, `invalid YAML (${text})`, location);
    }
    return undefined;
  }
  const walk: Walk = { doc, lines, file: displayFile, problems };
  const contents = doc.contents;
  if (contents === null || (isScalar(contents) && contents.value === null)) {
    return { kind: "map", entries: new Map(), location: { ...rootLocation, line: 1, column: 1 } };
  }
  const root = toNode(walk, contents, { ...rootLocation, ...position(walk, contents) }, 0);
  if (root.kind !== "map") {
    problems.add(SpecSyntax, "the file must hold a map of keys", root.location);
    return undefined;
  }
  return root;
}

function position(walk: Walk, node: YamlNode | null): { line: number; column: number } {
  const offset = node?.range?.[0];
  if (offset === undefined) return { line: 0, column: 0 };
  const { line, col } = walk.lines.linePos(offset);
  return { line, column: col };
}

function toNode(walk: Walk, node: unknown, location: SourceLocation, depth: number): SpecNode {
  if (depth > MAX_DEPTH) {
    walk.problems.add(SpecSyntax, "YAML nests too deeply (an alias loop?)", location);
    return { kind: "scalar", value: null, location };
  }
  const resolved = isAlias(node) ? node.resolve(walk.doc) : node;
  if (isMap(resolved)) return toMap(walk, resolved.items, location, depth, resolved.flow === true);
  if (isSeq(resolved)) {
    const items = resolved.items.map((item, index) =>
      toNode(walk, item, itemLocation(walk, location, index, item), depth + 1),
    );
    return { kind: "list", items, location };
  }
  if (isScalar(resolved)) {
    const value = resolved.value;
    if (value === null || typeof value === "string" || typeof value === "boolean") {
      return { kind: "scalar", value, location };
    }
    if (typeof value === "number") return { kind: "scalar", value, location };
    const text = typeof value === "bigint" ? value.toString() : JSON.stringify(value);
    return { kind: "scalar", value: text, location };
  }
  return { kind: "scalar", value: null, location };
}

function itemLocation(
  walk: Walk,
  parent: SourceLocation,
  index: number,
  item: unknown,
): SourceLocation {
  const at = position(walk, item as YamlNode | null);
  return { ...parent, ...(at.line > 0 ? at : {}), path: `${parent.path}[${index}]` };
}

function isMergeKey(key: unknown): boolean {
  if (!isScalar(key)) return false;
  const value = key.value;
  return value === "<<" || (typeof value === "symbol" && value.description === "<<");
}

function toMap(
  walk: Walk,
  pairs: readonly unknown[],
  location: SourceLocation,
  depth: number,
  flow: boolean,
) {
  const entries = new Map<string, SpecNode>();
  const merged = new Map<string, SpecNode>();
  let previous: string | undefined;
  for (const pair of pairs as readonly { key: unknown; value: unknown }[]) {
    if (flow && pair.value === null && previous !== undefined) {
      if (rejoinCommaCut(walk, entries, previous, pair.key, location)) continue;
    }
    if (isMergeKey(pair.key)) {
      for (const [key, value] of mergeSources(walk, pair.value, location, depth)) {
        if (!merged.has(key)) merged.set(key, value);
      }
      continue;
    }
    const key = keyText(pair.key);
    if (key.startsWith("_")) continue;
    const at = position(walk, pair.key as ParsedNode | null);
    const path = location.path === "" ? key : `${location.path}.${key}`;
    const childLocation = { file: walk.file, ...at, path };
    entries.set(key, toNode(walk, pair.value, childLocation, depth + 1));
    previous = key;
  }
  for (const [key, value] of merged) if (!entries.has(key)) entries.set(key, value);
  return { kind: "map" as const, entries, location };
}

/** The entries a `<<` key brings in: one aliased map or a list of them, earlier winning. */
function mergeSources(
  walk: Walk,
  value: unknown,
  location: SourceLocation,
  depth: number,
): Map<string, SpecNode> {
  const sources = isSeq(value) ? value.items : [value];
  const result = new Map<string, SpecNode>();
  for (const source of sources) {
    const node = toNode(walk, source, location, depth + 1);
    if (node.kind !== "map") {
      walk.problems.add(SpecSyntax, "a '<<' merge key needs a map or a list of maps", location);
      continue;
    }
    for (const [key, entry] of node.entries) if (!result.has(key)) result.set(key, entry);
  }
  return result;
}

/**
 * A flow-map key with no `:` after an entry is almost always text cut at a comma.
 * Reports it; returns whether the key was consumed.
 */
function rejoinCommaCut(
  walk: Walk,
  entries: Map<string, SpecNode>,
  previous: string,
  key: unknown,
  location: SourceLocation,
): boolean {
  const before = entries.get(previous);
  if (before?.kind !== "scalar" || typeof before.value !== "string") return false;
  const text = keyText(key);
  const at = position(walk, key as ParsedNode | null);
  walk.problems.add(
    SpecSyntax,
    `'${text}' has no value; it looks like the rest of '${previous}' cut at a comma`,
    { ...location, ...at, path: before.location.path },
    "",
    `Quote text that holds a comma inside {...}: ${previous}: "${before.value}, ${text}".`,
  );
  return true;
}

function keyText(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  return String(key);
}
