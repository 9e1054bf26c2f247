import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { FailureThrottle } from "../../src/runtime/access/failure-throttle.js";
import { send, type Call, type Outcome } from "./support/http-calls.js";
import { useAccessProject } from "./support/use-access-project.js";
import { useSqlite } from "./support/use-sqlite.js";

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe("FailureThrottle", () => {
  it("lets the first failures through, then doubles the wait from the last failure", () => {
    const clock = manualClock();
    const throttle = new FailureThrottle({ now: clock.now });
    for (let i = 1; i <= 4; i++) {
      throttle.fail("a");
      expect(throttle.waitMs("a"), `after ${String(i)} failures`).toBe(0);
    }
    const waits: number[] = [];
    for (let i = 5; i <= 9; i++) {
      throttle.fail("a");
      waits.push(throttle.waitMs("a"));
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16_000]);
    clock.advance(15_000);
    expect(throttle.waitMs("a")).toBe(1000);
    clock.advance(1000);
    expect(throttle.waitMs("a")).toBe(0);
  });

  it("never waits longer than its maximum", () => {
    const clock = manualClock();
    const throttle = new FailureThrottle({ now: clock.now });
    for (let i = 0; i < 40; i++) throttle.fail("a");
    expect(throttle.waitMs("a")).toBe(60_000);
    const short = new FailureThrottle({ now: clock.now, free: 1, baseMs: 100, maxMs: 250 });
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      short.fail("b");
      waits.push(short.waitMs("b"));
    }
    expect(waits).toEqual([100, 200, 250, 250, 250]);
  });

  it("counts each key alone", () => {
    const clock = manualClock();
    const throttle = new FailureThrottle({ now: clock.now, free: 2 });
    for (let i = 0; i < 3; i++) throttle.fail("a");
    throttle.fail("b");
    expect(throttle.waitMs("a")).toBeGreaterThan(0);
    expect(throttle.waitMs("b")).toBe(0);
    expect(throttle.waitMs("never-failed")).toBe(0);
  });

  it("forgets a key after a quiet spell, and counts again from nothing", () => {
    const clock = manualClock();
    const throttle = new FailureThrottle({ now: clock.now, forgetMs: 10_000 });
    for (let i = 0; i < 8; i++) throttle.fail("a");
    for (let i = 0; i < 8; i++) throttle.fail("b");
    // Still remembered at exactly forgetMs: one more failure doubles the wait again.
    clock.advance(10_000);
    throttle.fail("a");
    expect(throttle.waitMs("a")).toBe(16_000);
    // Forgotten just after it.
    clock.advance(1);
    expect(throttle.waitMs("b")).toBe(0);
    // Counted from nothing: four failures are free again.
    for (let i = 0; i < 4; i++) throttle.fail("b");
    expect(throttle.waitMs("b")).toBe(0);
    throttle.fail("b");
    expect(throttle.waitMs("b")).toBe(1000);
  });

  it("remembers at most maxKeys keys, dropping the one that failed longest ago", () => {
    const clock = manualClock();
    const throttle = new FailureThrottle({ now: clock.now, free: 1, maxKeys: 3 });
    for (const key of ["a", "b", "c"]) {
      throttle.fail(key);
      clock.advance(1);
    }
    throttle.fail("a"); // a failed most recently now; b is the oldest
    clock.advance(1);
    throttle.fail("d");
    expect(throttle.waitMs("b")).toBe(0);
    for (const key of ["a", "c", "d"]) expect(throttle.waitMs(key), key).toBeGreaterThan(0);
    // A flood of new keys keeps the map bounded: the old ones go.
    for (let i = 0; i < 1000; i++) throttle.fail(`flood-${String(i)}`);
    for (const key of ["a", "c", "d"]) expect(throttle.waitMs(key), key).toBe(0);
  });
});

describe("bad tokens over HTTP", () => {
  const fixture = useAccessProject(useSqlite());
  const from = (address: string, token: string | undefined, call: Call = { url: "/data/notice" }) =>
    send(fixture.app(), token, { ...call, remoteAddress: address });
  const expectThrottled = (outcome: Outcome, seconds: number) => {
    expect([outcome.status, outcome.code], outcome.body).toEqual([429, "CAIRN_TOO_MANY_ATTEMPTS"]);
    expect(outcome.headers["retry-after"]).toBe(String(seconds));
    expect(outcome.body).not.toContain("notice");
  };

  it("after 5 bad tokens an address waits, even with a good token; others go on", async () => {
    const bad = [
      "x",
      "cairn_guess",
      fixture.token("expired"),
      fixture.token("revoked"),
      fixture.token("ina"),
    ];
    for (const token of bad) {
      const outcome = await from("192.0.2.1", token);
      expect(outcome.status, outcome.body).toBe(401);
    }
    expectThrottled(await from("192.0.2.1", "another-guess"), 1);
    // The good token is not even looked up while the address must wait.
    expectThrottled(await from("192.0.2.1", fixture.token("ann")), 1);
    expectThrottled(await from("192.0.2.1", fixture.token("admin"), { url: "/command" }), 1);
    // Asking again while waiting does not make the wait longer.
    for (let i = 0; i < 10; i++) expectThrottled(await from("192.0.2.1", "again"), 1);
    // Other addresses, and requests without a token, are not held up.
    expect((await from("192.0.2.2", fixture.token("ann"))).status).toBe(200);
    expect((await from("192.0.2.2", "a-bad-one")).status).toBe(401);
    expect((await from("192.0.2.1", undefined)).status).toBe(200);
    expect((await from("192.0.2.1", fixture.token("ann"), { url: "/status" })).status).toBe(200);
    // Once the wait is over the good token works, and the next bad one doubles the wait.
    await sleep(1050);
    expect((await from("192.0.2.1", fixture.token("ann"))).status).toBe(200);
    expect((await from("192.0.2.1", "one-more")).status).toBe(401);
    expectThrottled(await from("192.0.2.1", fixture.token("ann")), 2);
  });

  it("a refused role (403) is no bad token: it never throttles", async () => {
    for (let i = 0; i < 12; i++) {
      const outcome = await from("192.0.2.3", fixture.token("nora"), { url: "/data/document" });
      expect(outcome.status, outcome.body).toBe(403);
    }
    expect((await from("192.0.2.3", fixture.token("nora"), { url: "/command" })).status).toBe(200);
  });

  it("a malformed Authorization header answers 401 and, guessing no token, is not counted", async () => {
    for (let i = 0; i < 5; i++) {
      const outcome = await from("192.0.2.4", undefined, {
        url: "/data/notice",
        headers: { authorization: `Basic ${String(i)}` },
      });
      expect([outcome.status, outcome.code], outcome.body).toEqual([401, "CAIRN_UNAUTHORIZED"]);
    }
    expect((await from("192.0.2.4", "guess")).status).toBe(401);
  });
});
