import { DOCUMENT_NAMES } from "./access-project.js";
import type { AccessFixture } from "./use-access-project.js";

/**
 * Who calls: nobody, four kinds of refused token, and users whose groups give them
 * different roles (see access-project.ts). `boss` is an admin through the group
 * `admins`; `admin` sends CAIRN_ADMIN_TOKEN.
 */
export const CALLERS = [
  "anonymous",
  "garbage",
  "expired",
  "revoked",
  "inactive",
  "nora",
  "ann",
  "bob",
  "fay",
  "eve",
  "rex",
  "aud",
  "uma",
  "boss",
  "admin",
] as const;

export type Caller = (typeof CALLERS)[number];

/** Callers whose token is refused, and the words the 401 says why. */
export const REFUSED_TOKENS: Readonly<Partial<Record<Caller, string>>> = {
  garbage: "invalid bearer token",
  expired: "expired",
  revoked: "revoked",
  inactive: "inactive",
};

/** Callers sending no token or a refused one: every route that needs a user answers 401. */
export function unauthenticated(caller: Caller): boolean {
  return caller === "anonymous" || REFUSED_TOKENS[caller] !== undefined;
}

/** The bearer token `caller` sends. */
export function tokenOf(fixture: AccessFixture, caller: Caller): string | undefined {
  if (caller === "anonymous") return undefined;
  if (caller === "garbage") return "cairn_thisTokenWasNeverIssuedToAnyone000000000";
  return fixture.token(caller === "inactive" ? "ina" : caller);
}

/** What a caller gets when reading documents: refused, or these rows and maybe salaries. */
export type ReadExpectation =
  { readonly status: 401 | 403 } | { readonly sees: readonly string[]; readonly salary: boolean };

const ALL = DOCUMENT_NAMES;

/**
 * Reads of documents on every face: a view or edit role reads; without an edit role,
 * row rules leave only the rows one owns or that are shared with one's groups (ann is
 * in `staff` through its child group `team-a`).
 */
export const READS: Readonly<Record<Caller, ReadExpectation>> = {
  anonymous: { status: 401 },
  garbage: { status: 401 },
  expired: { status: 401 },
  revoked: { status: 401 },
  inactive: { status: 401 },
  nora: { status: 403 },
  ann: { sees: ["d-ann", "d-staff"], salary: false },
  bob: { sees: ["d-bob", "d-team-b"], salary: false },
  fay: { sees: ["d-finance"], salary: true },
  eve: { sees: ALL, salary: false },
  rex: { status: 403 },
  aud: { status: 403 },
  uma: { status: 403 },
  boss: { sees: ALL, salary: true },
  admin: { sees: ALL, salary: true },
};

/** Callers that may change documents (the edit role `editor`, or admin). */
export const WRITERS: ReadonlySet<Caller> = new Set<Caller>(["eve", "boss", "admin"]);
