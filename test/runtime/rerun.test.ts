import { expect, it } from "vitest";
import type { Runtime } from "../../src/runtime/index.js";
import { adminPrincipal, type Principal } from "../../src/runtime/access/principal.js";
import { describeEachBackend } from "../support/describe-each-backend.js";
import { collect } from "./support/collect.js";
import { runCommand } from "./support/run-command.js";
import { useRuntime } from "./support/use-runtime.js";

async function rerun(runtime: Runtime, id: string, options: { principal?: Principal } = {}) {
  const running = await runtime.rerun(id, options);
  const messages = await collect(running.messages);
  return { running, messages, status: await running.finished, last: messages.at(-1) };
}

describeEachBackend("runtime: rerun", (backend) => {
  const fixture = useRuntime(backend);

  it("runs a handler command again with the recorded parameters of every type", async () => {
    await fixture.store().save("station", { key: "R1" }, { name: "one" });
    await fixture.store().save("station", { key: "R2" }, { name: "two" });
    const first = await runCommand(fixture.runtime(), "demo every", {
      words: "some text",
      big: "9007199254740993",
      ratio: "0.25",
      price: "12.5",
      ok: "no",
      day: "2026-02-28",
      at: "2026-02-28T10:00:00+01:00",
      clock: "07:30",
      span: "PT1H30M",
      uid: "123e4567-e89b-12d3-a456-426614174000",
      blob: "aGVsbG8=",
      data: '{"a":[1,2],"b":null}',
      days: "2026-01-01,2026-01-02",
      counts: "3,1,2",
      station: "R1",
      stations: "R1,R2",
      loud: "true",
    });
    expect(first.status).toBe("success");
    const again = await rerun(fixture.runtime(), first.id);
    expect(again.status).toBe("success");
    expect(again.running.id).not.toBe(first.id);
    expect(again.running.command).toBe("demo every");
    expect(again.last).toMatchObject({ type: "status", status: "success" });
    const result = first.last.type === "status" ? first.last.result : undefined;
    expect(again.last?.type === "status" ? again.last.result : undefined).toEqual(result);
    const [before, after] = [
      await fixture.execution(first.id),
      await fixture.execution(again.running.id),
    ];
    expect(after).toMatchObject({ command: "demo every", origin: "rerun", user: "admin" });
    expect(after.parameters).toEqual(before.parameters);
    expect(result).toMatchObject({ loud: true, quiet: false, color: "green", counts: [3, 1, 2] });
  });

  it("keeps a JSON string a string and an API's JSON value as it was", async () => {
    const first = await runCommand(
      fixture.runtime(),
      "demo every",
      { data: { nested: ["x"] }, text_data: "[not parsed]" },
      { origin: "api" },
    );
    const again = await rerun(fixture.runtime(), first.id);
    expect(again.last).toMatchObject({
      status: "success",
      result: { data: { nested: ["x"] }, textData: "[not parsed]" },
    });
  });

  it("runs a resource command again with its filters", async () => {
    for (const [number, elevation] of [
      ["F1", "100"],
      ["F2", "600"],
      ["F3", "900"],
      ["G1", "700"],
    ]) {
      await fixture.store().save("station", { key: number ?? "" }, { elevation });
    }
    const first = await runCommand(fixture.runtime(), "station list", {
      number__startswith: "F",
      elevation__gt: "500",
      filter: "or(number=F2,number=F3,number=G1)",
      order: "-number",
      fields: "number,elevation",
      limit: "5",
    });
    expect(first.last).toMatchObject({
      status: "success",
      result: [{ number: "F3" }, { number: "F2" }],
    });
    const again = await rerun(fixture.runtime(), first.id, {
      principal: adminPrincipal("someone"),
    });
    expect(again.last).toMatchObject({
      status: "success",
      result: [{ number: "F3" }, { number: "F2" }],
    });
    const row = await fixture.execution(again.running.id);
    expect(row).toMatchObject({ origin: "rerun", user: "someone", command: "station list" });
    expect(row.parameters).toEqual((await fixture.execution(first.id)).parameters);
  });
});
