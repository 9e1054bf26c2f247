/**
 * Who makes a request, as access control sees it: a user and the roles of their groups
 * (with every ancestor group's roles), or nobody (anonymous: only `public`). Built once
 * per request by the authenticator and passed down, never looked up again mid-request.
 */
export interface Principal {
  /** The user's name; undefined for an anonymous request. */
  readonly user: string | undefined;
  /** Every role held, `public` included; `admin` means every check passes. */
  readonly roles: ReadonlySet<string>;
  /** The groups the user belongs to, directly or through a child group. */
  readonly groups: ReadonlySet<string>;
  /** The user's row id, for row-level rules (absent: anonymous, or no user row). */
  readonly userId?: number;
  /** Row ids of `groups`, for row-level rules. */
  readonly groupIds?: ReadonlySet<number>;
}

/** The role whose holders pass every check. */
export const ADMIN_ROLE = "admin";
/** The role everyone holds, with or without a token. */
export const PUBLIC_ROLE = "public";

/** Anyone, without a token. */
export const ANONYMOUS: Principal = Object.freeze({
  user: undefined,
  roles: Object.freeze(new Set([PUBLIC_ROLE])),
  groups: Object.freeze(new Set<string>()),
});

/** A principal holding `admin` (and `public`), under `user`'s name. */
export function adminPrincipal(user = "admin"): Principal {
  return Object.freeze({
    user,
    roles: Object.freeze(new Set([ADMIN_ROLE, PUBLIC_ROLE])),
    groups: Object.freeze(new Set<string>()),
  });
}

/** The local CLI without `--host`: the administrator of its own project. */
export const LOCAL_ADMIN: Principal = adminPrincipal();

export function isAdmin(principal: Principal): boolean {
  return principal.roles.has(ADMIN_ROLE);
}

/** Whether the principal holds one of `roles` (admin holds them all; everyone holds `public`). */
export function holdsAny(principal: Principal, roles: readonly string[]): boolean {
  return isAdmin(principal) || roles.some((role) => principal.roles.has(role));
}

/** The name a record of the principal's acts carries: the user, or `anonymous`. */
export function actorName(principal: Principal): string {
  return principal.user ?? "anonymous";
}
