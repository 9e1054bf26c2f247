import { expect, it } from "vitest";
import type { CairnError } from "../../src/foundations/cairn-error.js";
import type { Message } from "../../src/foundations/message.js";
import { describeEachBackend } from "../support/describe-each-backend.js";
import { collect, drain, seqs, upTo } from "./support/collect.js";
import { runCommand } from "./support/run-command.js";
import { useRuntime } from "./support/use-runtime.js";

/** A message without its time, whose text form may differ once stored. */
function untimed(message: Message): Record<string, unknown> {
  const { time, ...rest } = message;
  expect(Number.isNaN(Date.parse(time))).toBe(false);
  return rest;
}

describeEachBackend("runtime: follow", (backend) => {
  // A small follower queue, so slow followers fall behind and catch up from the database.
  const fixture = useRuntime(backend, { followerQueue: 64, followPollMs: 50 });

  it("replays a finished execution and ends with its status", async () => {
    const run = await runCommand(fixture.runtime(), "demo greet", { name: "ada", times: "2" });
    const replay = await collect(await fixture.runtime().follow(run.id));
    expect(replay.map(untimed)).toEqual(run.messages.map(untimed));
    expect(replay.at(-1)).toMatchObject({ type: "status", status: "success" });
  });

  it("replays from after a given seq", async () => {
    const run = await runCommand(fixture.runtime(), "demo greet", { name: "bo", times: "3" });
    const rest = await collect(await fixture.runtime().follow(run.id, { after: 2 }));
    expect(seqs(rest)).toEqual(upTo(run.messages.length, 3));
    const none = await collect(
      await fixture.runtime().follow(run.id, { after: run.messages.length }),
    );
    expect(none).toEqual([]);
  });

  it("rejects an unknown execution with CAIRN_EXECUTION_NOT_FOUND before yielding", async () => {
    for (const id of ["987654", "nope", "", "0"]) {
      const error = await fixture
        .runtime()
        .follow(id)
        .then(
          () => undefined,
          (reason: unknown) => reason as CairnError,
        );
      expect(error?.code).toBe("CAIRN_EXECUTION_NOT_FOUND");
    }
  });

  it("gives live followers started mid-run every message once, in order", async () => {
    const count = 5000;
    const running = await fixture.runtime().start({
      command: "demo drip",
      parameters: { count },
      origin: "api",
    });
    const own = drain(running);
    await own.reached(1000);
    const fast = collect(await fixture.runtime().follow(running.id));
    const slow = (async () => {
      const all: Message[] = [];
      for await (const message of await fixture.runtime().follow(running.id, { after: 10 })) {
        all.push(message);
        if (all.length % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 2));
      }
      return all;
    })();
    const [mine, first, second] = await Promise.all([own.done, fast, slow]);
    expect(await running.finished).toBe("success");
    expect(seqs(mine)).toEqual(upTo(count + 1));
    expect(seqs(first)).toEqual(upTo(count + 1));
    expect(seqs(second)).toEqual(upTo(count + 1, 11));
    expect(first[4999]).toMatchObject({ type: "info", text: "drop 5000" });
    expect(second.at(-1)).toMatchObject({ type: "status", status: "success", result: count });
  });

  it("follows an execution running on another runtime over the same database", async () => {
    const other = await fixture.another({ followPollMs: 50 });
    const count = 2000;
    const running = await fixture.runtime().start({
      command: "demo drip",
      parameters: { count },
      origin: "api",
    });
    const own = drain(running);
    await own.reached(200);
    const [all, tail] = await Promise.all([
      collect(await other.follow(running.id)),
      collect(await other.follow(running.id, { after: 1500 })),
    ]);
    await own.done;
    expect(seqs(all)).toEqual(upTo(count + 1));
    expect(seqs(tail)).toEqual(upTo(count + 1, 1501));
    expect(all.at(-1)).toMatchObject({ type: "status", status: "success", result: count });
  });

  it("stops following when its signal fires, while the execution goes on", async () => {
    const running = await fixture.runtime().start({
      command: "demo hang",
      parameters: {},
      origin: "api",
    });
    const own = drain(running);
    const controller = new AbortController();
    const seen: Message[] = [];
    for await (const message of await fixture
      .runtime()
      .follow(running.id, { signal: controller.signal })) {
      seen.push(message);
      controller.abort();
    }
    expect(seqs(seen)).toEqual([1]);
    await fixture.runtime().abort(running.id);
    expect(await running.finished).toBe("aborted");
    await own.done;
  });

  it("ends the follow of a lost execution after its stored messages", async () => {
    const run = await runCommand(fixture.runtime(), "demo greet", { name: "cy" });
    // As the reaper leaves a run whose process died: no status message, row `lost`.
    await fixture.store().remove("execution_message", {
      key: String(run.messages.length),
      scope: { execution: run.id },
    });
    await fixture.store().save("execution", { key: run.id }, { status: "lost" });
    const replay = await collect(await fixture.runtime().follow(run.id));
    expect(seqs(replay)).toEqual(upTo(run.messages.length - 1));
    // A final outcome in the row without its stored status message: the row's outcome ends it.
    await fixture.store().save("execution", { key: run.id }, { status: "success" });
    const ended = await collect(await fixture.runtime().follow(run.id));
    expect(ended.at(-1)).toMatchObject({
      type: "status",
      status: "success",
      seq: run.messages.length,
    });
  });
});
