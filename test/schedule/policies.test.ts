import { describe, expect, it } from "vitest";
import {
  DEFAULT_MISFIRE_POLICY,
  formatMisfirePolicy,
  parseMisfirePolicy,
  parseOverlapPolicy,
} from "../../src/runtime/schedule/timing/index.js";
import { expectInvalid } from "./support/timing.js";

describe("misfire policy", () => {
  it.each([
    ["skip", { kind: "skip" }],
    ["run_once", { kind: "run_once" }],
    ["catch_up", { kind: "catch_up", limit: 10 }],
    ["catch_up:3", { kind: "catch_up", limit: 3 }],
    [" catch_up:1000 ", { kind: "catch_up", limit: 1000 }],
  ])("reads %j", (text, policy) => {
    expect(parseMisfirePolicy(text)).toEqual(policy);
    expect(parseMisfirePolicy(formatMisfirePolicy(parseMisfirePolicy(text)))).toEqual(policy);
  });

  it("defaults to run_once", () => {
    expect(DEFAULT_MISFIRE_POLICY).toEqual({ kind: "run_once" });
  });

  it.each([
    ["catchup", "unknown misfire policy 'catchup'", "did you mean 'catch_up'"],
    ["run-once", "unknown misfire policy 'run-once'", "'run_once'"],
    ["", "unknown misfire policy ''"],
    ["catch_up:0", "would fire nothing"],
    ["catch_up:-1", "'-1'", "not a whole number"],
    ["catch_up:2.5", "'2.5'"],
    ["catch_up:", "''"],
    ["catch_up:1001", "above 1000"],
  ])("refuses %j", (text, ...fragments) => {
    expectInvalid(() => parseMisfirePolicy(text), ...fragments);
  });
});

describe("overlap policy", () => {
  it.each(["allow", "skip", "queue"])("reads %j", (text) => {
    expect(parseOverlapPolicy(text)).toBe(text);
  });

  it("refuses others, suggesting the closest", () => {
    expectInvalid(() => parseOverlapPolicy("que"), "unknown overlap policy 'que'", "'queue'");
    expectInvalid(() => parseOverlapPolicy("forbid"), "unknown overlap policy 'forbid'");
  });
});
