import { expect, it } from "vitest";
import type { CairnError } from "../../src/foundations/cairn-error.js";
import type { Runtime } from "../../src/runtime/index.js";
import { describeEachBackend } from "../support/describe-each-backend.js";
import { collect, drain } from "./support/collect.js";
import { runCommand } from "./support/run-command.js";
import { spawnHolder } from "./support/spawn-holder.js";
import { useRuntime } from "./support/use-runtime.js";

async function refusal(
  runtime: Runtime,
  command: string,
  parameters: Record<string, unknown> = {},
): Promise<CairnError> {
  return await runtime.start({ command, parameters, origin: "cli" }).then(
    () => {
      throw new Error(`${command} started`);
    },
    (reason: unknown) => reason as CairnError,
  );
}

/** Starts `demo locked` (holds `demo-lock` until aborted) and waits until its handler runs. */
async function holding(runtime: Runtime) {
  const running = await runtime.start({ command: "demo locked", parameters: {}, origin: "api" });
  const own = drain(running);
  await own.reached(1);
  return { running, own };
}

describeEachBackend("runtime: command locks", (backend) => {
  const fixture = useRuntime(backend, { abortGraceMs: 300, abortPollMs: 50, lockRetryMs: 50 });
  const locks = () =>
    fixture.store().list("lock", { filters: [{ path: "name", value: "demo-lock" }] });

  it("refuses a start while another execution holds the lock, recording nothing", async () => {
    const { running } = await holding(fixture.runtime());
    expect(await locks()).toMatchObject([{ name: "demo-lock", execution: Number(running.id) }]);
    const before = await fixture.store().count("execution");
    const error = await refusal(fixture.runtime(), "demo locked_nap");
    expect(error.code).toBe("CAIRN_LOCK_HELD");
    expect(error.message).toContain("'demo-lock'");
    expect(error.message).toContain(`execution ${running.id}`);
    expect(error.hint).toContain("_lock_wait");
    expect(error.details).toMatchObject({ lock: "demo-lock", execution: running.id });
    expect(await fixture.store().count("execution")).toBe(before);
    await fixture.runtime().abort(running.id);
    expect(await running.finished).toBe("aborted");
    expect(await locks()).toEqual([]);
  });

  it("lets exactly one of racing starts take the lock", async () => {
    // Two SQLite runtimes in one process would block each other's event loop on writes;
    // separate processes are tested below.
    const other = backend.backend.name === "sqlite" ? fixture.runtime() : await fixture.another();
    const runtimes = [fixture.runtime(), other, fixture.runtime(), other, fixture.runtime(), other];
    const outcomes = await Promise.allSettled(
      runtimes.map((runtime) =>
        runtime.start({ command: "demo locked", parameters: {}, origin: "api" }),
      ),
    );
    const started = outcomes.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
    const refused = outcomes.flatMap((o) =>
      o.status === "rejected" ? [(o.reason as CairnError).code] : [],
    );
    expect(started).toHaveLength(1);
    expect(refused).toEqual(Array.from({ length: 5 }, () => "CAIRN_LOCK_HELD"));
    const [winner] = started;
    if (winner === undefined) return;
    const own = drain(winner);
    await own.reached(1);
    await fixture.runtime().abort(winner.id);
    expect(await winner.finished).toBe("aborted");
    expect(await locks()).toEqual([]);
  });

  it("waits up to _lock_wait seconds and starts once the holder ends", async () => {
    const { running } = await holding(fixture.runtime());
    const waiting = runCommand(fixture.runtime(), "demo locked_nap", { _lock_wait: "60" });
    const viaApi = fixture
      .runtime()
      .start({ command: "demo locked_nap", parameters: { _lock_wait: 60 }, origin: "api" });
    await fixture.runtime().abort(running.id);
    const waited = await waiting;
    expect(waited.status).toBe("success");
    const second = await viaApi;
    expect(await second.finished).toBe("success");
    expect(await fixture.execution(waited.id)).toMatchObject({ parameters: { ms: 10 } });
    expect(await locks()).toEqual([]);
  });

  it("gives up after _lock_wait seconds", async () => {
    const { running } = await holding(fixture.runtime());
    const error = await refusal(fixture.runtime(), "demo locked_nap", { _lock_wait: 0.2 });
    expect(error.code).toBe("CAIRN_LOCK_HELD");
    expect(error.message).toContain("after waiting 0.2 s");
    await fixture.runtime().abort(running.id);
    await running.finished;
  });

  it("rejects a _lock_wait that is not a number of seconds of at least 0", async () => {
    for (const wait of ["soon", -1, "-2", true]) {
      const error = await refusal(fixture.runtime(), "demo locked_nap", { _lock_wait: wait });
      expect(error.code).toBe("CAIRN_PARAMETER_INVALID");
      expect(error.message).toContain("_lock_wait");
    }
    // Commands without a lock take it and ignore it; it is never recorded.
    const plain = await runCommand(fixture.runtime(), "demo plain", { _lock_wait: "3" });
    expect(plain.status).toBe("success");
    expect((await fixture.execution(plain.id)).parameters).toEqual({});
  });

  it("releases the lock when the holder fails", async () => {
    const failed = await runCommand(fixture.runtime(), "demo locked_fail");
    expect(failed.status).toBe("failed");
    expect(await locks()).toEqual([]);
    expect((await runCommand(fixture.runtime(), "demo locked_nap")).status).toBe("success");
  });

  it("takes over a lock whose holder stopped renewing it", async () => {
    const past = new Date(Date.now() - 60_000).toISOString();
    await fixture
      .store()
      .save(
        "lock",
        { key: "" },
        { name: "demo-lock", holder: "crashed", worker: "gone:1", acquired: past, expires: past },
      );
    const { running } = await holding(fixture.runtime());
    expect(await locks()).toMatchObject([{ execution: Number(running.id) }]);
    expect((await locks())[0]?.holder).not.toBe("crashed");
    await fixture.runtime().abort(running.id);
    await running.finished;
  });

  it("keeps the lock past its lease while the holder runs", async () => {
    const other = await fixture.another({ lockLeaseMs: 1500, lockRenewMs: 100 });
    const { running } = await holding(other);
    const [first] = await locks();
    // Longer than the lease: only renewals keep the lock.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const [renewed] = await locks();
    expect(renewed?.holder).toBe(first?.holder);
    expect(Date.parse(String(renewed?.expires))).toBeGreaterThan(
      Date.parse(String(first?.expires)),
    );
    expect((await refusal(fixture.runtime(), "demo locked_nap")).code).toBe("CAIRN_LOCK_HELD");
    await other.abort(running.id);
    await running.finished;
  });

  it("excludes a second process, which the lock's holder process then releases on abort", async () => {
    const holder = await spawnHolder(fixture.dir(), backend.url());
    const error = await refusal(fixture.runtime(), "demo locked_nap");
    expect(error.code).toBe("CAIRN_LOCK_HELD");
    expect(error.details).toMatchObject({ lock: "demo-lock", execution: holder.execution });
    const followed = collect(await fixture.runtime().follow(holder.execution));
    const waiting = runCommand(fixture.runtime(), "demo locked_nap", { _lock_wait: 60 });
    expect(await fixture.runtime().abort(holder.execution)).toMatchObject({ aborting: true });
    expect(await holder.ended).toEqual({ status: "aborted", code: 0 });
    expect((await waiting).status).toBe("success");
    expect((await followed).at(-1)).toMatchObject({ type: "status", status: "aborted" });
    expect(await fixture.execution(holder.execution)).toMatchObject({ status: "aborted" });
    expect(await locks()).toEqual([]);
  }, 60_000);
});
