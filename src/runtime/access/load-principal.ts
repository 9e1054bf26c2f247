import type { RecordStore } from "../../engines/storage/records/record-store.js";
import { adminPrincipal, ANONYMOUS, PUBLIC_ROLE, type Principal } from "./principal.js";

/** The project administrator's user name. */
export const ADMIN_USER = "admin";

/** A group as role resolution needs it. */
interface GroupNode {
  readonly id: number;
  readonly roles: readonly string[];
  readonly parent: string | undefined;
}

/** `"schedule-admin, librarian"` as role names. */
export function splitRoles(text: unknown): string[] {
  if (typeof text !== "string") return [];
  return text
    .split(",")
    .map((role) => role.trim())
    .filter((role) => role !== "");
}

async function allGroups(store: RecordStore): Promise<Map<string, GroupNode>> {
  const rows = await store.list("group", { fields: ["id", "name", "roles", "parent__name"] });
  const groups = new Map<string, GroupNode>();
  for (const row of rows) {
    const parent = row.parent__name;
    groups.set(String(row.name), {
      id: Number(row.id),
      roles: splitRoles(row.roles),
      parent: typeof parent === "string" ? parent : undefined,
    });
  }
  return groups;
}

/**
 * The user's principal: the roles of every group they belong to and of each such
 * group's ancestors (a child group has its parent's roles). A parent cycle, which a
 * bad edit can make, ends the walk instead of looping. An inactive user holds only
 * `public`. The name `admin` is the project's administrator (the local CLI, the
 * CAIRN_ADMIN_TOKEN, the user `cairn init` makes) and always holds `admin`, so the
 * project can never lock itself out; only an admin may save a user of that name.
 */
export async function loadPrincipal(
  store: RecordStore,
  user: string,
  known?: { readonly id: number; readonly active: boolean },
): Promise<Principal> {
  if (user === ADMIN_USER) return adminPrincipal(ADMIN_USER);
  // A token lookup has read the user row already (see findTokenByHash).
  const found =
    known ??
    (
      await store.list("user", {
        filters: [{ path: "name", value: user }],
        fields: ["id", "active"],
        limit: 1,
      })
    )[0];
  if (found === undefined || found.active === false) {
    return Object.freeze({ ...ANONYMOUS, user });
  }
  const direct = await store.list("group", {
    filters: [{ path: "users__name", value: user }],
    fields: ["name"],
  });
  const groups = direct.length === 0 ? new Map<string, GroupNode>() : await allGroups(store);
  const roles = new Set<string>([PUBLIC_ROLE]);
  const memberOf = new Set<string>();
  const groupIds = new Set<number>();
  for (const row of direct) {
    let name: string | undefined = String(row.name);
    while (name !== undefined && !memberOf.has(name)) {
      memberOf.add(name);
      const group = groups.get(name);
      if (group !== undefined) groupIds.add(group.id);
      for (const role of group?.roles ?? []) roles.add(role);
      name = group?.parent;
    }
  }
  return Object.freeze({
    user,
    roles: Object.freeze(roles),
    groups: Object.freeze(memberOf),
    userId: Number(found.id),
    groupIds: Object.freeze(groupIds),
  });
}
