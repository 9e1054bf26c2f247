import { createHash } from "node:crypto";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { describeEachBackend } from "../support/describe-each-backend.js";
import { DOCUMENT_NAMES, salaryOf, secretOf } from "./support/access-project.js";
import {
  COMMAND_TARGETS,
  DATA_TARGETS,
  NUL_PAYLOADS,
  PAYLOADS,
  TRAVERSALS,
  type Target,
} from "./support/attack-payloads.js";
import { READS, tokenOf, type Caller } from "./support/callers.js";
import { addresses, command, send, type Call, type Outcome } from "./support/http-calls.js";
import { useAccessProject, type AccessFixture } from "./support/use-access-project.js";

/** Text a database, a driver or a stack trace would put in an answer. */
const INTERNALS: readonly RegExp[] = [
  /SQLITE_[A-Z]/,
  /syntax error at or near/i,
  /error in your SQL syntax/i,
  /\bER_[A-Z_]{3,}/,
  /no such (table|column)/i,
  /relation "[^"]*" does not exist/i,
  /unknown column/i,
  /invalid input syntax for/i,
  /unterminated quoted/i,
  /incorrect \w+ value/i,
  /out of range value/i,
  /value too long for type/i,
  /\bkysely\b/i,
  /node_modules/,
  /\/src\/[\w/-]+\.(ts|js)/,
  /\n\s+at [^\n]+:\d+:\d+/,
];

/**
 * The body of an answer as a client sees it, for leak checks. A command's error
 * messages carry a `stack` when user code failed (for handler authors), so it is left
 * out here; built-ins carry none, which a test below checks.
 */
function visibleText(outcome: Outcome): string {
  if (outcome.messages.length === 0) return outcome.body;
  return JSON.stringify(outcome.messages, (key, value: unknown) =>
    key === "stack" ? undefined : value,
  );
}

/** A JSON object nested `depth` deep. */
const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;

/** Every secret the fixture holds: hidden values, salaries, tokens and token hashes. */
function secretsOf(fixture: AccessFixture): string[] {
  const tokens = ["ann", "bob", "fay", "eve", "rex", "aud", "uma", "boss", "nora", "ina"].map(
    (user) => fixture.token(user),
  );
  return [
    ...DOCUMENT_NAMES.map(secretOf),
    ...DOCUMENT_NAMES.map((name) => String(salaryOf(name))),
    ...tokens,
    ...tokens.map((token) => createHash("sha256").update(token).digest("hex")),
    fixture.token("admin"),
  ];
}

describeEachBackend("access: attacks on every face", (backend) => {
  const fixture = useAccessProject(backend);
  const nextAddress = addresses("10.99");
  let secrets: string[] = [];
  let before = "";
  beforeAll(async () => {
    secrets = secretsOf(fixture);
    before = await fixture.snapshot();
  });

  /** No 5xx; no secret, no row the caller may not read, no SQL error or stack. */
  const expectSafe = (outcome: Outcome, caller: Caller, label: string) => {
    expect(outcome.status, `${label}: ${outcome.body.slice(0, 500)}`).toBeLessThan(500);
    const text = visibleText(outcome);
    for (const secret of secrets)
      expect(text.includes(secret), `${label}: leaks a secret`).toBe(false);
    const reads = READS[caller];
    for (const name of DOCUMENT_NAMES) {
      if ("sees" in reads && reads.sees.includes(name)) continue;
      expect(text, `${label}: leaks ${name}`).not.toContain(`body of ${name}`);
    }
    for (const pattern of INTERNALS) expect(text, label).not.toMatch(pattern);
  };
  const attack = async (caller: Caller, call: Call, label: string) => {
    const outcome = await send(fixture.app(), tokenOf(fixture, caller), call);
    expectSafe(outcome, caller, label);
    return outcome;
  };
  const sweep = async (targets: readonly Target[], payloads: readonly string[] = PAYLOADS) => {
    for (const target of targets) {
      for (const payload of payloads) {
        await attack(
          target.caller,
          target.make(payload),
          `${target.name} <- ${payload.slice(0, 40)}`,
        );
      }
    }
  };

  describe("payloads in every filter, parameter and path segment", () => {
    it("data API", async () => {
      await sweep(DATA_TARGETS);
    });

    it("command API", async () => {
      await sweep(COMMAND_TARGETS);
    });

    it("paths that climb out of their API reach nothing they should not", async () => {
      for (const call of TRAVERSALS) {
        const outcome = await attack("ann", call, `${call.method ?? "GET"} ${call.url}`);
        // A GET may land on a route ann may read anyway (`/data/../command` is `/command`);
        // no POST may run anything: each names a command ann may not run, or none.
        if (call.method === "POST")
          expect(outcome.status, `${call.url}: ${outcome.body}`).not.toBe(200);
      }
    });

    it("random filter keys and values (property)", async () => {
      const keys = ["name", "body__contains", "owner", "groups", "id__in", "filter", "order"];
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...keys),
          fc.oneof(
            fc.constantFrom(...PAYLOADS),
            fc.string({ maxLength: 40 }),
            fc.string({ unit: "grapheme", maxLength: 12 }),
          ),
          async (key, value) => {
            const url = `/data/document?${key}=${encodeURIComponent(value)}`;
            await attack("ann", { url }, url);
          },
        ),
        { numRuns: 60 },
      );
    });
  });

  describe("bodies", () => {
    const BODIES: readonly (readonly [string, string, string])[] = [
      ["unclosed", "{", "application/json"],
      ["cut short", '{"key": "d-ann", ', "application/json"],
      ["trailing comma", '{"key": "d-ann",}', "application/json"],
      ["two objects", '{"a":1}{"b":2}', "application/json"],
      ["single quotes", "{'key': 'd-ann'}", "application/json"],
      ["a NUL", '{"key": "\u0000"}', "application/json"],
      ["empty", "", "application/json"],
      ["an array", "[]", "application/json"],
      ["a string", '"d-ann"', "application/json"],
      ["null", "null", "application/json"],
      ["nested objects", nested(20), "application/json"],
      ["deeply nested arrays", `${"[".repeat(50_000)}${"]".repeat(50_000)}`, "application/json"],
      [
        "beyond the body limit",
        JSON.stringify({ text: "x".repeat(1_100_000) }),
        "application/json",
      ],
      ["plain text", "key=d-ann", "text/plain"],
      ["xml", "<key>d-ann</key>", "application/xml"],
      ["a bad form", "%%%=&&=%zz", "application/x-www-form-urlencoded"],
      ["duplicate keys", '{"key": "d-ann", "key": "d-bob"}', "application/json"],
      [
        "prototype pollution",
        '{"__proto__": {"polluted": "yes", "roles": ["admin"]}, "constructor": {"prototype": {"polluted": "yes"}}, "key": "d-bob"}',
        "application/json",
      ],
    ];
    const ENDPOINTS: readonly (readonly [Caller, "POST" | "PATCH", string])[] = [
      ["ann", "POST", "/command/document/get"],
      ["ann", "POST", "/command/document/list"],
      ["nora", "POST", "/command/hello"],
      ["eve", "PATCH", "/data/document/987654"],
      ["eve", "POST", "/data/document"],
      ["ann", "POST", "/data/document"],
    ];

    it.each(BODIES)("%s", async (name, payload, type) => {
      for (const [caller, method, url] of ENDPOINTS) {
        await attack(
          caller,
          { method, url, payload, headers: { "content-type": type } },
          `${name} to ${url}`,
        );
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty("roles");
    });
  });

  describe("tokens", () => {
    it("other users' tokens read only their own rows and runs", async () => {
      const ran = await attack("rex", command("report", { text: "rex-private" }), "report");
      const id = ran.messages[0]?.execution ?? "";
      for (const caller of ["ann", "bob", "nora"] as const) {
        const followed = await attack(caller, { url: `/command/executions/${id}/stream` }, caller);
        expect(followed.status).toBe(404);
        expect(followed.body).not.toContain("rex-private");
      }
      for (const name of ["d-bob", "d-team-b", "d-finance", "d-nobody"]) {
        const byId = await attack(
          "ann",
          { url: `/data/document/${String(fixture.documentId(name))}` },
          name,
        );
        expect(byId.status).toBe(404);
        const byKey = await attack("ann", command("document get", { key: name }), name);
        expect(byKey.code).toBe("CAIRN_RECORD_NOT_FOUND");
      }
    });

    it("anything but a whole valid token is refused with 401", async () => {
      const ann = fixture.token("ann");
      const stored = createHash("sha256").update(ann).digest("hex");
      const HEADERS: readonly string[] = [
        "Bearer x",
        `Bearer ${"a".repeat(100_000)}`,
        `Bearer ${ann.slice(0, -1)}`,
        `Bearer ${ann}x`,
        `Bearer ${ann.toUpperCase()}`,
        `Bearer ${stored}`,
        `Bearer ${ann.slice(0, 14)}`,
        "Bearer cairn_",
        "Bearer ' OR 1=1 --",
        "Bearer %27%20OR%201%3D1",
        "Bearer éè😀",
        `Bearer ${ann} ${ann}`,
        `Basic ${Buffer.from(`ann:${ann}`).toString("base64")}`,
        `Token ${ann}`,
        "Bearer",
        "Bearer ",
        "",
      ];
      const calls: readonly Call[] = [
        { url: "/data/document?fields=name,body" },
        { url: "/data/notice" },
        command("document list"),
        { url: "/command" },
      ];
      for (const header of HEADERS) {
        for (const call of calls) {
          const outcome = await send(fixture.app(), undefined, {
            ...call,
            headers: { ...(call.headers ?? {}), authorization: header },
            remoteAddress: nextAddress(),
          });
          const label = `${header.slice(0, 40)} on ${call.url}`;
          expectSafe(outcome, "anonymous", label);
          expect([outcome.status, outcome.code], `${label}: ${outcome.body}`).toEqual([
            401,
            "CAIRN_UNAUTHORIZED",
          ]);
        }
      }
      // The scheme is case-insensitive: a lowercase `bearer` with a good token is fine.
      const lower = await send(fixture.app(), undefined, {
        url: "/data/document?fields=name",
        headers: { authorization: `bearer ${ann}` },
      });
      expect(lower.status).toBe(200);
    });
  });

  it("after every attack, the guarded tables are as they were", async () => {
    expect(await fixture.snapshot()).toBe(before);
  });

  describe("guards found by these tests", () => {
    it("a NUL in a filter value or parameter is refused, not a 500", async () => {
      await sweep([...DATA_TARGETS, ...COMMAND_TARGETS], NUL_PAYLOADS);
    });

    it("a parameter nested 64 deep is no 500", async () => {
      await attack(
        "ann",
        {
          method: "POST",
          url: "/command/document/list",
          payload: nested(64),
          headers: { "content-type": "application/json" },
        },
        "nested 64",
      );
    });

    it("a parameter nested 20,000 deep is refused with 400, not 500", async () => {
      const payload = nested(20_000);
      const outcome = await send(fixture.app(), fixture.token("ann"), {
        method: "POST",
        url: "/command/document/list",
        payload,
        headers: { "content-type": "application/json" },
      });
      expect(outcome.status, outcome.body).toBe(400);
    });

    it("a command's error message carries no server stack", async () => {
      const outcome = await attack("ann", command("document get", { key: "d-bob" }), "get");
      expect(outcome.code).toBe("CAIRN_RECORD_NOT_FOUND");
      expect(outcome.body).not.toMatch(/\/src\/[\w/-]+\.(ts|js)/);
    });
  });
});
