import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { tokenPrefix } from "../../src/runtime/access/token-secret.js";
import { describeEachBackend } from "../support/describe-each-backend.js";
import { tokenOf, type Caller } from "./support/callers.js";
import { addresses, command, send, type Call, type Outcome } from "./support/http-calls.js";
import { useAccessProject } from "./support/use-access-project.js";

/** The names of the documents a list answer holds, sorted. */
function names(outcome: Outcome): string[] {
  const rows = (outcome.result as { results?: { name: string }[] }).results ?? [];
  return rows.map((row) => row.name).sort();
}

/** The token a `user token` run printed (its last data message). */
function issued(outcome: Outcome): string {
  expect(outcome.status, outcome.body).toBe(200);
  const data = outcome.messages.filter((message) => message.type === "data").at(-1);
  if (data?.type !== "data" || typeof data.value !== "string") throw new Error(outcome.body);
  return data.value;
}

/** The execution id of a streamed run. */
function executionOf(outcome: Outcome): string {
  const id = outcome.messages[0]?.execution;
  if (id === undefined || id === "") throw new Error(`no execution in ${outcome.body}`);
  return id;
}

describeEachBackend("access: tokens, groups and executions over time", (backend) => {
  const fixture = useAccessProject(backend);
  const nextAddress = addresses("10.88");
  const as = (caller: Caller, call: Call) => send(fixture.app(), tokenOf(fixture, caller), call);
  /** With a token given as text; from a fresh address, since it may be refused on purpose. */
  const withToken = (token: string, call: Call) =>
    send(fixture.app(), token, { ...call, remoteAddress: nextAddress() });
  const documents: Call = { url: "/data/document?fields=name" };

  describe("tokens", () => {
    it("a token saved with an expiry in the past is refused from then on", async () => {
      const token = issued(await as("uma", command("user token", { key: "ann", expires: "30d" })));
      expect(names(await withToken(token, documents))).toEqual(["d-ann", "d-staff"]);
      // Token rows are an admin's to write directly.
      const expired = await as(
        "boss",
        command("token save", { key: tokenPrefix(token), expires: "2000-01-01T00:00:00Z" }),
      );
      expect(expired.status, expired.body).toBe(200);
      for (const call of [documents, { url: "/command" }, command("hello")]) {
        const refused = await withToken(token, call);
        expect([refused.status, refused.code], refused.body).toEqual([401, "CAIRN_UNAUTHORIZED"]);
        expect(refused.message).toContain("expired");
      }
      // ann's other token is untouched.
      expect((await as("ann", documents)).status).toBe(200);
    });

    it("token revoke refuses the token at once, and only that token", async () => {
      const token = issued(await as("uma", command("user token", { key: "bob", name: "ci" })));
      expect(names(await withToken(token, documents))).toEqual(["d-bob", "d-team-b"]);
      const revoked = await as("uma", command("token revoke", { key: tokenPrefix(token) }));
      expect(revoked.status, revoked.body).toBe(200);
      const refused = await withToken(token, documents);
      expect([refused.status, refused.code]).toEqual([401, "CAIRN_UNAUTHORIZED"]);
      expect(refused.message).toContain("revoked");
      const again = await as("uma", command("token revoke", { key: tokenPrefix(token) }));
      expect(again.messages.map((message) => message.type)).toContain("info");
      expect((await as("bob", documents)).status).toBe(200);
      // Only user-admins revoke: bob may not revoke his own other token.
      const byBob = await as("bob", command("token revoke", { key: tokenPrefix(token) }));
      expect(byBob.status).toBe(403);
    });

    it("a user made inactive is refused with every token until made active again", async () => {
      const off = await as("uma", command("user save", { key: "nora", active: false }));
      expect(off.status, off.body).toBe(200);
      for (const call of [{ url: "/data/notice" }, { url: "/command" }, command("hello")]) {
        const refused = await withToken(fixture.token("nora"), call);
        expect([refused.status, refused.code], refused.body).toEqual([401, "CAIRN_UNAUTHORIZED"]);
        expect(refused.message).toContain("inactive");
      }
      const on = await as("uma", command("user save", { key: "nora", active: true }));
      expect(on.status, on.body).toBe(200);
      expect((await as("nora", command("hello"))).status).toBe(200);
    });
  });

  describe("groups", () => {
    it("a child group's members hold its parent's roles and see rows shared with the parent", async () => {
      expect(names(await as("ann", documents))).toEqual(["d-ann", "d-staff"]);
      // team-a moves under team-b: ann reads as a member of team-b now.
      const moved = await as("uma", command("group save", { key: "team-a", parent: "team-b" }));
      expect(moved.status, moved.body).toBe(200);
      expect(names(await as("ann", documents))).toEqual(["d-ann", "d-team-b"]);
      // Under a parent holding nothing, team-a holds no role at all.
      const emptied = await as("uma", command("group save", { key: "team-a", parent: "empty" }));
      expect(emptied.status, emptied.body).toBe(200);
      const refused = await as("ann", documents);
      expect([refused.status, refused.code]).toEqual([403, "CAIRN_FORBIDDEN"]);
      const back = await as("uma", command("group save", { key: "team-a", parent: "staff" }));
      expect(back.status, back.body).toBe(200);
      expect(names(await as("ann", documents))).toEqual(["d-ann", "d-staff"]);
    });

    it("a role taken from a parent group is gone for its children's members at once", async () => {
      const dropped = await as("uma", command("group save", { key: "staff", roles: "" }));
      expect(dropped.status, dropped.body).toBe(200);
      expect((await as("ann", documents)).status).toBe(403);
      expect((await as("bob", documents)).status).toBe(200);
      const restored = await as("uma", command("group save", { key: "staff", roles: "reader" }));
      expect(restored.status, restored.body).toBe(200);
      expect(names(await as("ann", documents))).toEqual(["d-ann", "d-staff"]);
    });

    it("a user-admin cannot grant the admin role, by any route", async () => {
      const before = await fixture.snapshot();
      const attempts: Call[] = [
        command("user save", { key: "uma", groups: ["user-admins", "admins"] }),
        command("user save", { key: "newbie", groups: ["admins"] }),
        command("user save", { key: "admin", email: "me@x.test" }),
        command("group save", { key: "user-admins", roles: "user-admin,admin" }),
        command("group save", { key: "user-admins", parent: "admins" }),
        command("group save", { key: "fresh", roles: "admin" }),
        { method: "POST", url: "/data/user", payload: { name: "newbie", groups: ["admins"] } },
        { method: "POST", url: "/data/group", payload: { name: "fresh", roles: "admin" } },
        { method: "POST", url: "/data/token", payload: { prefix: "x", hash: "0", user: "boss" } },
      ];
      for (const call of attempts) {
        const outcome = await as("uma", call);
        expect([outcome.status, outcome.code], `${call.url}: ${outcome.body}`).toEqual([
          403,
          "CAIRN_FORBIDDEN",
        ]);
      }
      expect(await fixture.snapshot()).toBe(before);
      // An admin may.
      const granted = await as(
        "admin",
        command("user save", { key: "newbie", groups: ["admins"] }),
      );
      expect(granted.status, granted.body).toBe(200);
      await fixture.run("user remove", { key: "newbie" });
    });
  });

  describe("executions", () => {
    it("only its own user, auditors and admins follow a run; only its user and admins abort it", async () => {
      const ran = await as("rex", command("report", { text: "rex-private" }));
      expect(ran.status, ran.body).toBe(200);
      const id = executionOf(ran);
      const unknown = await as("ann", { url: "/command/executions/987654/stream" });
      expect(unknown.status).toBe(404);
      const expectHidden = (outcome: Outcome, label: string) => {
        expect(outcome.status, `${label}: ${outcome.body}`).toBe(404);
        expect(
          outcome.body.replaceAll(`'${id}'`, "'ID'").replaceAll(`"${id}"`, '"ID"'),
          label,
        ).toBe(unknown.body.replaceAll("987654", "ID"));
        expect(outcome.body, label).not.toContain("rex-private");
      };
      const follow: Call = { url: `/command/executions/${id}/stream` };
      const abort: Call = { method: "POST", url: `/command/executions/${id}/abort` };
      for (const caller of ["rex", "aud", "boss", "admin"] as const) {
        const followed = await as(caller, follow);
        expect(followed.status, `${caller}: ${followed.body}`).toBe(200);
        expect(followed.body).toContain("rex-private");
      }
      for (const caller of ["ann", "eve", "nora", "uma"] as const) {
        expectHidden(await as(caller, follow), `follow as ${caller}`);
      }
      for (const caller of ["ann", "aud", "nora"] as const) {
        expectHidden(await as(caller, abort), `abort as ${caller}`);
      }
      for (const caller of ["rex", "admin"] as const) {
        expect((await as(caller, abort)).status, `abort as ${caller}`).toBe(200);
      }
      for (const call of [follow, abort]) {
        expect((await as("anonymous", call)).status).toBe(401);
      }
    });

    it("another user's run cannot be rerun (it would replay their parameters)", async () => {
      const ran = await as("nora", command("hello", { text: "nora-private" }));
      const rerun = await as("ann", {
        method: "POST",
        url: `/command/executions/${executionOf(ran)}/rerun`,
      });
      expect(rerun.body).not.toContain("nora-private");
      expect(rerun.status).toBe(404);
    });
  });

  describe("guards found by these tests", () => {
    it("a user-admin cannot issue a token for a user holding admin", async () => {
      const outcome = await as("uma", command("user token", { key: "boss" }));
      expect([outcome.status, outcome.code], outcome.body).toEqual([403, "CAIRN_FORBIDDEN"]);
    });

    it("a user-admin cannot hand a token to another user, or forge one", async () => {
      const own = issued(await as("uma", command("user token", { key: "uma", name: "moved" })));
      const moved = await as("uma", command("token save", { key: tokenPrefix(own), user: "boss" }));
      const forged = await as(
        "uma",
        command("token save", {
          key: "cairn_forged",
          user: "boss",
          hash: createHash("sha256").update("forged-secret").digest("hex"),
        }),
      );
      const salaries = { url: "/data/document?fields=name,salary" };
      expect((await withToken(own, salaries)).status).toBe(403);
      expect((await withToken("forged-secret", salaries)).status).toBe(401);
      expect(moved.status, moved.body).toBe(403);
      expect(forged.status, forged.body).toBe(403);
    });

    it("a write answers only the fields its writer may read", async () => {
      const { row } = await fixture
        .store()
        .save("document", { key: "w-doc" }, { salary: 5_551_234 });
      const patched = await as("eve", {
        method: "PATCH",
        url: `/data/document/${String(row.id)}`,
        payload: { body: "edited" },
      });
      const saved = await as("eve", command("document save", { key: "w-doc", body: "again" }));
      const upserted = await as("eve", {
        method: "POST",
        url: "/data/document?on_conflict=update",
        payload: { name: "w-doc", body: "once more" },
      });
      await fixture.run("document remove", { key: "w-doc" });
      for (const outcome of [patched, saved, upserted]) {
        expect(outcome.status, outcome.body).toBeLessThan(300);
        expect(outcome.body).not.toContain("5551234");
      }
    });

    it("clear's filters cannot name a field its caller may not read", async () => {
      const outcome = await as("eve", command("document clear", { salary__gt: 7_340_050 }));
      expect(outcome.code, outcome.body).toBe("CAIRN_QUERY_UNKNOWN_FIELD");
    });
  });
});
