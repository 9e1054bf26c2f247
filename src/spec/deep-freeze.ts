/**
 * A Map that cannot change after construction, so a frozen spec stays frozen even
 * through its ReadonlyMap properties (Object.freeze alone does not stop `set`).
 */
export class FrozenMap<K, V> extends Map<K, V> {
  constructor(entries: Iterable<readonly [K, V]>) {
    super();
    for (const [key, value] of entries) super.set(key, value);
    Object.freeze(this);
  }

  override set(): this {
    throw new TypeError("a spec map is frozen");
  }

  override delete(): boolean {
    throw new TypeError("a spec map is frozen");
  }

  override clear(): void {
    throw new TypeError("a spec map is frozen");
  }
}

/**
 * Freezes objects and arrays recursively and replaces every Map with a FrozenMap whose
 * values are frozen too. Returns the frozen value (a new object wherever a Map was
 * replaced), typed as given.
 */
export function deepFreeze<T>(value: T): T {
  return freeze(value) as T;
}

function freeze(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (value instanceof FrozenMap) return value;
  if (value instanceof Map) {
    return new FrozenMap(
      [...(value as Map<unknown, unknown>)].map(([k, v]) => [k, freeze(v)] as const),
    );
  }
  if (Array.isArray(value)) return Object.freeze(value.map(freeze));
  const result: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) result[key] = freeze(child);
  return Object.freeze(result);
}
