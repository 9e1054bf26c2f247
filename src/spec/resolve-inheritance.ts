import { SpecUnknownName } from "../foundations/error-codes.js";
import { didYouMean } from "../foundations/suggest.js";
import { describeNode, isNull, type SpecMap, type SpecNode } from "./spec-node.js";
import type { SpecProblems } from "./spec-problems.js";

interface Named {
  readonly name: string;
  readonly node: SpecNode;
}

export interface InheritanceKind {
  /** "model" or "command": what `base` names. */
  readonly what: string;
  /** Sections merged entry by entry, where `null` removes an inherited entry. */
  readonly sections: readonly string[];
  /** Options merged key by key (model `roles`: view and edit separately). */
  readonly shallow: readonly string[];
}

/**
 * Applies `base:` (another definition of the same kind) and `mixins:` (from
 * model_mixins or command_mixins): parents first in order, the definition itself last.
 * The result keeps every entry's own location, so errors in inherited parts point at
 * the file that wrote them. Null entries are removed here; validation never sees them.
 */
export class Inheritance {
  readonly #resolved = new Map<Named, SpecMap | undefined>();
  readonly #stack: Named[] = [];

  constructor(
    private readonly kind: InheritanceKind,
    private readonly definitions: ReadonlyMap<string, Named>,
    private readonly mixins: ReadonlyMap<string, Named>,
    private readonly problems: SpecProblems,
  ) {}

  resolve(entry: Named): SpecMap | undefined {
    if (this.#resolved.has(entry)) return this.#resolved.get(entry);
    if (this.#stack.includes(entry)) {
      const names = [...this.#stack.slice(this.#stack.indexOf(entry)), entry].map((e) => e.name);
      this.problems.invalid(
        `${this.kind.what} inheritance loops: ${names.join(" -> ")}`,
        entry.node.location,
      );
      return undefined;
    }
    if (entry.node.kind !== "map") {
      this.problems.invalid(
        `${this.kind.what} '${entry.name}' must be a map, not ${describeNode(entry.node)}`,
        entry.node.location,
      );
      this.#resolved.set(entry, undefined);
      return undefined;
    }
    this.#stack.push(entry);
    const result = this.#merge(entry.node, this.#parents(entry.node));
    this.#stack.pop();
    this.#resolved.set(entry, result);
    return result;
  }

  #parents(node: SpecMap): SpecMap[] {
    const parents: SpecMap[] = [];
    const base = node.entries.get("base");
    if (base !== undefined && !isNull(base)) {
      const found = this.#lookup(base, this.definitions, this.kind.what);
      if (found !== undefined) parents.push(found);
    }
    const mixins = node.entries.get("mixins");
    if (mixins !== undefined && !isNull(mixins)) {
      const items = mixins.kind === "list" ? mixins.items : [mixins];
      for (const item of items) {
        const found = this.#lookup(item, this.mixins, `${this.kind.what} mixin`);
        if (found !== undefined) parents.push(found);
      }
    }
    return parents;
  }

  #lookup(node: SpecNode, pool: ReadonlyMap<string, Named>, what: string): SpecMap | undefined {
    if (node.kind !== "scalar" || typeof node.value !== "string") {
      this.problems.invalid(`expected a ${what} name, not ${describeNode(node)}`, node.location);
      return undefined;
    }
    const parent = pool.get(node.value);
    if (parent === undefined) {
      this.problems.add(
        SpecUnknownName,
        `unknown ${what} '${node.value}'`,
        node.location,
        didYouMean(node.value, pool.keys()),
      );
      return undefined;
    }
    return this.resolve(parent);
  }

  #merge(own: SpecMap, parents: readonly SpecMap[]): SpecMap {
    const entries = new Map<string, SpecNode>();
    for (const parent of parents) {
      for (const [key, value] of parent.entries) {
        entries.set(key, this.#combine(key, entries.get(key), value, false));
      }
    }
    for (const [key, value] of own.entries) {
      if (key === "base" || key === "mixins") continue;
      if (isNull(value) && !this.kind.sections.includes(key)) {
        entries.delete(key);
        continue;
      }
      entries.set(key, this.#combine(key, entries.get(key), value, true));
    }
    return { kind: "map", entries, location: own.location };
  }

  /** One key's value given what the parents had: sections merge, other options replace. */
  #combine(key: string, inherited: SpecNode | undefined, value: SpecNode, own: boolean): SpecNode {
    const isSection = this.kind.sections.includes(key);
    if (!isSection && !this.kind.shallow.includes(key)) return value;
    if (isSection && isNull(value)) {
      return inherited ?? { kind: "map", entries: new Map(), location: value.location };
    }
    if (value.kind !== "map") return value;
    const base = inherited?.kind === "map" ? inherited.entries : new Map<string, SpecNode>();
    const entries = new Map(base);
    for (const [name, child] of value.entries) {
      if (isSection && isNull(child)) {
        if (!entries.delete(name) && own) {
          this.problems.invalid(
            `'${name}' is set to null but no base or mixin defines it`,
            child.location,
            "Null removes an inherited entry; leave the key out or give it options.",
          );
        }
        continue;
      }
      entries.set(name, child);
    }
    return { kind: "map", entries, location: value.location };
  }
}
