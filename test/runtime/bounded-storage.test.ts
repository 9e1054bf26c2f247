import { expect, it } from "vitest";
import { boundedBody, boundedValue } from "../../src/runtime/execution/bounded-for-storage.js";

const rows = Array.from({ length: 1000 }, (_, i) => ({ id: i, name: `station ${i}` }));

it("keeps small values as they are", () => {
  expect(boundedValue({ a: 1 })).toEqual({ a: 1 });
  expect(boundedBody({ type: "table", rows: rows.slice(0, 3) })).toEqual({
    type: "table",
    rows: rows.slice(0, 3),
  });
});

it("replaces a value past the limit with a note of its size", () => {
  expect(boundedValue(rows, 1000)).toEqual({
    truncated: true,
    bytes: JSON.stringify(rows).length,
    items: 1000,
  });
});

it("keeps the leading rows of a big table and says how many there were", () => {
  const stored = boundedBody({ type: "table", rows }, 1000) as {
    rows: unknown[];
    truncated: { items: number };
  };
  expect(stored.rows.length).toBeGreaterThan(10);
  expect(JSON.stringify(stored.rows).length).toBeLessThanOrEqual(1000);
  expect(stored.rows[0]).toEqual(rows[0]);
  expect(stored.truncated.items).toBe(1000);
});

it("caps the result of a status message", () => {
  const stored = boundedBody({ type: "status", status: "success", result: rows }, 1000);
  expect(stored).toMatchObject({ type: "status", status: "success", result: { items: 1000 } });
});
