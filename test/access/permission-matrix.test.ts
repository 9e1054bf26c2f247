import { describe, expect, it } from "vitest";
import { describeEachBackend } from "../support/describe-each-backend.js";
import { DOCUMENT_NAMES, salaryOf, secretOf } from "./support/access-project.js";
import {
  CALLERS,
  READS,
  REFUSED_TOKENS,
  WRITERS,
  tokenOf,
  unauthenticated,
  type Caller,
} from "./support/callers.js";
import {
  addresses,
  command,
  commandAsForm,
  send,
  type Call,
  type Outcome,
} from "./support/http-calls.js";
import { PROBES } from "./support/probe-ops.js";
import { READ_OPS } from "./support/read-ops.js";
import { useAccessProject } from "./support/use-access-project.js";
import { WRITE_OPS } from "./support/write-ops.js";

/** A refusal as the caller must see it: 401 for no or a bad token, 403 naming the role. */
function expectRefused(
  outcome: Outcome,
  status: 401 | 403,
  caller: Caller,
  role: string,
  label: string,
) {
  expect(outcome.status, `${label}: ${outcome.body}`).toBe(status);
  if (status === 401) {
    expect(outcome.code, label).toBe("CAIRN_UNAUTHORIZED");
    expect(outcome.headers["www-authenticate"], label).toBe('Bearer realm="cairn"');
    const why = REFUSED_TOKENS[caller];
    if (why !== undefined) expect(outcome.message, label).toContain(why);
  } else {
    expect(outcome.code, label).toBe("CAIRN_FORBIDDEN");
    expect(outcome.message, label).toContain(role);
    expect(outcome.details?.needs, label).toContain(role);
  }
}

/**
 * No secret ever; a document's text only when the caller sees the row; its salary
 * `never`, or `exactly` when the caller sees both the row and salaries.
 */
function expectNoLeak(
  outcome: Outcome,
  sees: readonly string[],
  salary: "never" | "exactly" | "maybe",
  label: string,
) {
  for (const name of DOCUMENT_NAMES) {
    expect(outcome.body, `${label}: secret of ${name}`).not.toContain(secretOf(name));
    const shown = sees.includes(name);
    if (!shown) expect(outcome.body, `${label}: ${name}`).not.toContain(`body of ${name}`);
    const salaryShown = outcome.body.includes(String(salaryOf(name)));
    if (salary === "never" || !shown) {
      expect(salaryShown, `${label}: salary of ${name}`).toBe(false);
    } else if (salary === "exactly") expect(salaryShown, `${label}: salary of ${name}`).toBe(true);
  }
}

describeEachBackend("access: permission matrix", (backend) => {
  const fixture = useAccessProject(backend);
  const nextAddress = addresses("10.77");
  /** Refused tokens come from fresh addresses, so the throttle never steps in here. */
  const as = (caller: Caller, call: Call) =>
    send(
      fixture.app(),
      tokenOf(fixture, caller),
      caller !== "anonymous" && unauthenticated(caller)
        ? { ...call, remoteAddress: nextAddress() }
        : call,
    );

  describe("reads of a model with view roles, a finance field, a hidden field and row rules", () => {
    it.each(READ_OPS.map((op) => [op.name, op] as const))("%s", async (_name, op) => {
      for (const caller of CALLERS) {
        const expected = READS[caller];
        const label = `${op.name} as ${caller}`;
        const outcomes: Outcome[] = [];
        const calls = op.calls(fixture.documentId);
        // A refused caller is refused before any row is looked at: one request says it.
        for (const { call, document } of "status" in expected ? calls.slice(0, 1) : calls) {
          const outcome = await as(caller, call);
          outcomes.push(outcome);
          if ("status" in expected) {
            expectRefused(outcome, expected.status, caller, "reader", label);
            expectNoLeak(outcome, [], "never", label);
            continue;
          }
          // Reads by id: a row outside the caller's rules is not found, as a missing one.
          const sees = expected.sees.filter((name) => document === undefined || name === document);
          expect(outcome.status, `${label}: ${outcome.body}`).toBe(sees.length > 0 ? 200 : 404);
          if (outcome.status !== 200) expect(outcome.code, label).toBe("CAIRN_RECORD_NOT_FOUND");
          const salary = expected.salary && op.rows ? "exactly" : "never";
          expectNoLeak(outcome, sees, salary, label);
        }
        if ("status" in expected) continue;
        const seen = op.seen(outcomes);
        expect(seen.count, label).toBe(expected.sees.length);
        if (seen.names !== undefined) expect([...seen.names].sort(), label).toEqual(expected.sees);
      }
    });

    it("answers a row outside the rules exactly as a row that does not exist", async () => {
      const hidden = fixture.documentId("d-bob");
      const outside = await as("ann", { url: `/data/document/${String(hidden)}` });
      const missing = await as("ann", { url: "/data/document/987654" });
      expect(outside.status).toBe(404);
      expect(outside.body.replaceAll(String(hidden), "ID")).toBe(
        missing.body.replaceAll("987654", "ID"),
      );
      const byKey = await as("ann", command("document get", { key: "d-bob" }));
      const noKey = await as("ann", command("document get", { key: "d-zzz" }));
      expect([byKey.status, byKey.code]).toEqual([404, "CAIRN_RECORD_NOT_FOUND"]);
      expect(byKey.message?.replace("d-bob", "KEY")).toBe(noKey.message?.replace("d-zzz", "KEY"));
    });

    it("lets anyone read a public model, but never takes a refused token for anonymous", async () => {
      for (const caller of CALLERS) {
        for (const url of ["/data/notice", "/data/notice/count", "/data/notice.csv"]) {
          const outcome = await as(caller, { url });
          if (REFUSED_TOKENS[caller] !== undefined) expectRefused(outcome, 401, caller, "", url);
          else expect(outcome.status, `${url} as ${caller}`).toBe(200);
        }
      }
      const listed = await as("anonymous", { url: "/data/notice" });
      expect(listed.result).toMatchObject({ results: [{ title: "welcome" }], count: 1 });
    });

    it("the local CLI reads as admin: every row and salary, never the hidden field", async () => {
      const run = await fixture.run("document list");
      expect(run.status).toBe("success");
      const text = JSON.stringify(run.messages);
      for (const name of DOCUMENT_NAMES) {
        expect(text).toContain(String(salaryOf(name)));
        expect(text).not.toContain(secretOf(name));
      }
    });
  });

  describe("fields a caller may not see are unknown names everywhere", () => {
    /** Who may name each path: salary needs `finance`; user and group rows need user-admin. */
    const PATHS: readonly (readonly [string, ReadonlySet<Caller>, "to-one" | "to-many"])[] = [
      ["salary", new Set<Caller>(["fay", "admin"]), "to-one"],
      ["secret", new Set<Caller>(), "to-one"],
      ["owner__email", new Set<Caller>(["admin"]), "to-one"],
      ["owner__groups__name", new Set<Caller>(["admin"]), "to-many"],
      ["groups__roles", new Set<Caller>(["admin"]), "to-many"],
      ["groups__parent__name", new Set<Caller>(["admin"]), "to-many"],
    ];
    const PROBERS: readonly Caller[] = ["ann", "fay", "eve", "admin"];
    const visibleTo = (caller: Caller) => (caller === "fay" ? "d-finance" : "d-ann");

    it.each(PATHS)("%s", async (path, allowed, crossing) => {
      for (const caller of PROBERS) {
        for (const probe of PROBES.filter((p) => p.filters || crossing === "to-one")) {
          const call = probe.call(path, fixture.documentId(visibleTo(caller)));
          const outcome = await as(caller, call);
          const label = `${probe.name} of ${path} as ${caller}`;
          const refused = READS[caller];
          if ("status" in refused) expectRefused(outcome, refused.status, caller, "reader", label);
          else if (allowed.has(caller))
            expect(outcome.status, `${label}: ${outcome.body}`).toBe(200);
          else {
            expect([outcome.status, outcome.code], `${label}: ${outcome.body}`).toEqual([
              400,
              "CAIRN_QUERY_UNKNOWN_FIELD",
            ]);
            expect(outcome.message, label).toMatch(/^unknown field /);
          }
          const sees = "sees" in refused ? refused.sees : [];
          const salary = "salary" in refused && refused.salary ? "maybe" : "never";
          expectNoLeak(outcome, sees, salary, label);
        }
      }
    });
  });

  describe("writes need an edit role, and a refused write changes nothing", () => {
    it.each(WRITE_OPS.map((op) => [op.name, op] as const))("%s", async (_name, op) => {
      const before = await fixture.snapshot();
      for (const caller of CALLERS) {
        if (WRITERS.has(caller)) continue;
        const outcome = await as(caller, op.call(fixture.documentId));
        const label = `${op.name} as ${caller}`;
        expectRefused(outcome, unauthenticated(caller) ? 401 : 403, caller, "editor", label);
        expectNoLeak(outcome, [], "never", label);
      }
      expect(await fixture.snapshot()).toBe(before);
    });

    it("an editor, a group admin and the admin token change rows on every face", async () => {
      const before = await fixture.snapshot();
      for (const caller of WRITERS) {
        const name = `made-by-${caller}`;
        const created = await as(caller, {
          method: "POST",
          url: "/data/document",
          payload: { name, body: "first", groups: ["staff"] },
        });
        expect(created.status, created.body).toBe(201);
        const id = (created.result as { id: number }).id;
        const patched = await as(caller, {
          method: "PATCH",
          url: `/data/document/${String(id)}`,
          payload: { body: "second" },
        });
        expect(patched.status, patched.body).toBe(200);
        // A member of `staff` (through `team-a`) now reads it.
        const read = await as("ann", { url: `/data/document/${String(id)}` });
        expect(read.result).toMatchObject({ name, body: "second" });
        const saved = await as(
          caller,
          commandAsForm("document save", { key: name, body: "third" }),
        );
        expect(saved.status, saved.body).toBe(200);
        const removed = await as(caller, command("document remove", { key: name }));
        expect(removed.status, removed.body).toBe(200);
        const again = await as(caller, command("document save", { key: name, owner: "bob" }));
        expect(again.status, again.body).toBe(200);
        const cleared = await as(caller, command("document clear", { force: true, name }));
        expect(cleared.result).toEqual({ removed: 1 });
      }
      expect(await fixture.snapshot()).toBe(before);
    });
  });

  describe("commands with roles", () => {
    /** A run, who may make it besides admins, and what an allowed run comes to. */
    interface Run {
      readonly name: string;
      readonly call: Call;
      readonly runners: ReadonlySet<Caller> | "any user";
      readonly role: string;
      /** The error an allowed run ends with (a parameter checked only once roles pass). */
      readonly allowedCode?: string;
    }
    const only = (...callers: Caller[]) => new Set<Caller>(callers);
    const RUNS: readonly Run[] = [
      {
        name: "report",
        call: command("report", { text: "x" }),
        runners: only("rex"),
        role: "runner",
      },
      {
        name: "report by cairn --host",
        call: commandAsForm("report", { text: "x" }),
        runners: only("rex"),
        role: "runner",
      },
      { name: "hello (public)", call: command("hello"), runners: "any user", role: "public" },
      {
        name: "user token",
        call: command("user token", { key: "nora", name: "m" }),
        runners: only("uma"),
        role: "user-admin",
      },
      {
        // Roles are checked before parameters, so a refused caller cannot probe prefixes.
        name: "token revoke of an unknown prefix",
        call: command("token revoke", { key: "cairn_nothing" }),
        runners: only("uma"),
        role: "user-admin",
        allowedCode: "CAIRN_PARAMETER_INVALID",
      },
      { name: "group list", call: command("group list"), runners: only("uma"), role: "user-admin" },
      {
        name: "execution list",
        call: command("execution list", { limit: 1 }),
        runners: only("aud"),
        role: "auditor",
      },
    ];

    it.each(RUNS.map((run) => [run.name, run] as const))("%s", async (_name, run) => {
      for (const caller of CALLERS) {
        const outcome = await as(caller, run.call);
        const label = `${run.name} as ${caller}`;
        const admin = caller === "admin" || caller === "boss";
        if (unauthenticated(caller)) expectRefused(outcome, 401, caller, run.role, label);
        else if (admin || run.runners === "any user" || run.runners.has(caller)) {
          expect(outcome.code, `${label}: ${outcome.body}`).toBe(run.allowedCode);
        } else expectRefused(outcome, 403, caller, run.role, label);
      }
    });

    it("GET /command lists only the commands the caller may run", async () => {
      const listed = async (caller: Caller) => {
        const outcome = await as(caller, { url: "/command" });
        expect(outcome.status, outcome.body).toBe(200);
        return new Set(
          (outcome.result as { commands: { name: string }[] }).commands.map((c) => c.name),
        );
      };
      const expectations: Readonly<Partial<Record<Caller, Readonly<Record<string, boolean>>>>> = {
        ann: {
          hello: true,
          "document list": true,
          "document get": true,
          "document save": false,
          report: false,
          "user token": false,
        },
        eve: {
          hello: true,
          "document list": true,
          "document save": true,
          "document clear": true,
          report: false,
        },
        rex: { hello: true, report: true, "document list": false, "user list": false },
        uma: {
          "user token": true,
          "token revoke": true,
          "group save": true,
          report: false,
          "db migrate": false,
        },
        nora: { hello: true, report: false, "document list": false, "execution list": false },
        admin: {
          hello: true,
          report: true,
          "document save": true,
          "user token": true,
          "db migrate": true,
        },
      };
      for (const [caller, names] of Object.entries(expectations) as [
        Caller,
        Record<string, boolean>,
      ][]) {
        const seen = await listed(caller);
        for (const [name, shown] of Object.entries(names)) {
          expect(seen.has(name), `${name} for ${caller}`).toBe(shown);
        }
      }
      for (const caller of ["anonymous", "garbage", "revoked"] as const) {
        expectRefused(await as(caller, { url: "/command" }), 401, caller, "", "GET /command");
      }
    });
  });
});
