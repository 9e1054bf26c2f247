import { expect } from "vitest";
import { ScheduleInvalid } from "../../../src/foundations/error-codes.js";
import {
  parseScheduleExpression,
  type ScheduleTiming,
} from "../../../src/runtime/schedule/timing/index.js";

/** A timing from an expression text; the anchor defaults to 2027-01-01T00:00:00Z. */
export function timing(
  text: string,
  timezone = "UTC",
  bounds: { begin?: string; end?: string; anchor?: string } = {},
): ScheduleTiming {
  return {
    expression: parseScheduleExpression(text),
    timezone,
    anchor: new Date(bounds.anchor ?? bounds.begin ?? "2027-01-01T00:00:00Z"),
    ...(bounds.begin === undefined ? {} : { begin: new Date(bounds.begin) }),
    ...(bounds.end === undefined ? {} : { end: new Date(bounds.end) }),
  };
}

/** ISO strings of dates, to compare against literal instants. */
export const isos = (dates: readonly Date[]): string[] => dates.map((d) => d.toISOString());

/** Expects CAIRN_SCHEDULE_INVALID whose message holds every fragment; returns the message. */
export function expectInvalid(run: () => unknown, ...fragments: string[]): string {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(ScheduleInvalid.is(caught), `expected CAIRN_SCHEDULE_INVALID, got ${String(caught)}`).toBe(
    true,
  );
  const message = (caught as Error).message;
  for (const fragment of fragments) expect(message).toContain(fragment);
  return message;
}
