import { expect, it } from "vitest";
import type { CairnError } from "../../src/foundations/cairn-error.js";
import { describeEachBackend } from "../support/describe-each-backend.js";
import { runCommand } from "./support/run-command.js";
import { useRuntime } from "./support/use-runtime.js";

describeEachBackend("runtime: parameters", (backend) => {
  const fixture = useRuntime(backend);

  async function rejection(
    command: string,
    parameters: Record<string, unknown>,
    origin: "cli" | "api" = "cli",
  ) {
    const before = await fixture.store().count("execution");
    const error = await fixture
      .runtime()
      .start({ command, parameters, origin })
      .then(
        () => undefined,
        (reason: unknown) => reason as CairnError,
      );
    expect(await fixture.store().count("execution")).toBe(before);
    if (error === undefined) throw new Error(`${command} was accepted`);
    return error;
  }

  it("coerces command-line strings to typed values", async () => {
    await fixture.store().save("station", { key: "S1" }, {});
    const run = await runCommand(fixture.runtime(), "demo typed", {
      count: "42",
      ratio: "0.5",
      price: "12.50",
      ok: "yes",
      day: "2026-02-28",
      at: "2026-02-28T10:00:00+01:00",
      data: '{"a":[1,2]}',
      tags: "x, y,z",
      color: "red",
      station: "S1",
    });
    expect(run.last).toMatchObject({
      status: "success",
      result: {
        count: 42,
        ratio: 0.5,
        price: "12.500000",
        ok: true,
        day: "2026-02-28",
        at: "2026-02-28T09:00:00.000Z",
        data: { a: [1, 2] },
        tags: ["x", "y", "z"],
        color: "red",
        station: "S1",
      },
    });
  });

  it("takes JSON values from the API as they are", async () => {
    const run = await runCommand(
      fixture.runtime(),
      "demo typed",
      { count: 7, ok: false, data: "text", tags: ["a"] },
      { origin: "api" },
    );
    expect(run.last).toMatchObject({ result: { count: 7, ok: false, data: "text", tags: ["a"] } });
  });

  it("names every bad parameter before anything runs", async () => {
    const error = await rejection("demo greet", { nme: "x", times: "9" });
    expect(error.code).toBe("CAIRN_PARAMETER_INVALID");
    expect(error.message).toContain(
      "'nme' is not a parameter of 'demo greet'; did you mean 'name'?",
    );
    expect(error.message).toContain("parameter 'name' is required");
    expect(error.message).toContain("parameter 'times': expected at most 5, got 9");
    expect(error.details.problems).toHaveLength(3);
  });

  it("checks types, choices, lengths and keys", async () => {
    const error = await rejection("demo typed", {
      count: "4.5",
      ratio: "abc",
      ok: "maybe",
      day: "2026-02-30",
      color: "blue",
      station: "NOPE",
    });
    const problems = (error.details.problems as { parameter: string }[]).map((p) => p.parameter);
    expect(problems).toEqual(["count", "ratio", "ok", "day", "color", "station"]);
    expect(error.message).toContain(`parameter 'color': expected one of "red", "green"`);
    expect(error.message).toContain("names no station 'NOPE'");
    const long = await rejection("demo greet", { name: "a name that is too long" });
    expect(long.message).toContain("at most 10 characters");
  });

  it("answers an unknown command with the closest names", async () => {
    const error = await rejection("demo gret", {});
    expect(error.code).toBe("CAIRN_COMMAND_NOT_FOUND");
    expect(error.message).toContain("'demo greet'");
  });
});
