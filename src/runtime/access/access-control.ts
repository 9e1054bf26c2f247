import { createHash, timingSafeEqual } from "node:crypto";
import type { Database } from "../../engines/storage/database.js";
import type { RecordStore } from "../../engines/storage/records/record-store.js";
import { Unauthorized } from "../../foundations/error-codes.js";
import type { ProjectSpec } from "../../spec/project-spec.js";
import { loadPrincipal } from "./load-principal.js";
import { adminPrincipal, type Principal } from "./principal.js";
import { hashToken } from "./token-secret.js";
import { findTokenByHash, touchToken } from "./token-lookup.js";

/** How stale `last_used` may get before a request writes it again. */
const TOUCH_EVERY_MS = 60_000;

const TOKEN_HINT = "Send Authorization: Bearer <token>; `cairn user token NAME` issues one.";

export interface AccessControlOptions {
  readonly database: Database;
  readonly spec: ProjectSpec;
  readonly store: RecordStore;
  /** CAIRN_ADMIN_TOKEN: a token outside the database that acts as `admin`. */
  readonly adminToken: string | undefined;
  readonly now?: () => Date;
}

/** A SHA-256 digest, so tokens of any length compare in constant time. */
function digest(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

/** Turns bearer tokens and user names into principals. */
export interface AccessControl {
  /** The principal a bearer token stands for; throws CAIRN_UNAUTHORIZED for any bad token. */
  authenticate(token: string): Promise<Principal>;
  principalOf(user: string): Promise<Principal>;
}

/**
 * Access control over the project database. Tokens live hashed in the core `token`
 * model; CAIRN_ADMIN_TOKEN, when set, is accepted as the `admin` user's token so
 * automated deployments can bootstrap without a database row.
 */
export class DatabaseAccessControl implements AccessControl {
  readonly #options: AccessControlOptions;
  readonly #adminDigest: Buffer | undefined;

  constructor(options: AccessControlOptions) {
    this.#options = options;
    this.#adminDigest = options.adminToken === undefined ? undefined : digest(options.adminToken);
  }

  async authenticate(token: string): Promise<Principal> {
    if (this.#adminDigest !== undefined && timingSafeEqual(digest(token), this.#adminDigest)) {
      return adminPrincipal();
    }
    const { database, spec } = this.#options;
    const stored = await findTokenByHash(database, spec, hashToken(token));
    if (stored === undefined) {
      throw Unauthorized.create("invalid bearer token", { hint: TOKEN_HINT });
    }
    const now = this.#now();
    if (stored.revoked !== undefined && Date.parse(stored.revoked) <= now.getTime()) {
      throw Unauthorized.create(`the token ${stored.prefix}… was revoked`, { hint: TOKEN_HINT });
    }
    if (stored.expires !== undefined && Date.parse(stored.expires) <= now.getTime()) {
      throw Unauthorized.create(`the token ${stored.prefix}… expired at ${stored.expires}`, {
        hint: TOKEN_HINT,
      });
    }
    if (!stored.userActive) {
      throw Unauthorized.create(`the user '${stored.user}' is inactive`, {
        hint: "A user-admin can set active=true on the user again.",
      });
    }
    if (
      stored.lastUsed === undefined ||
      now.getTime() - Date.parse(stored.lastUsed) > TOUCH_EVERY_MS
    ) {
      await touchToken(database, stored.id, now).catch(() => undefined);
    }
    return loadPrincipal(this.#options.store, stored.user, {
      id: stored.userId,
      active: stored.userActive,
    });
  }

  /** The principal of a user by name (schedules and queued runs act as their user). */
  principalOf(user: string): Promise<Principal> {
    return loadPrincipal(this.#options.store, user);
  }

  #now(): Date {
    return this.#options.now?.() ?? new Date();
  }
}
