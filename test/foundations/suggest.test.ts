import { expect, it } from "vitest";
import { closestNames, didYouMean } from "../../src/foundations/suggest.js";

it("suggests the closest names first", () => {
  expect(closestNames("strng", ["string", "text", "integer", "json"])).toEqual(["string"]);
  expect(closestNames("statoin", ["station", "observation", "tag"])).toEqual(["station"]);
});

it("suggests names that contain the unknown one", () => {
  expect(closestNames("temp", ["temp_min", "temp_max", "date"])).toEqual(["temp_max", "temp_min"]);
});

it("says nothing when nothing is close", () => {
  expect(didYouMean("zzzzzz", ["station", "tag"])).toBe("");
  expect(didYouMean("tga", ["tag", "tags"])).toBe("; did you mean 'tag' or 'tags'?");
});
