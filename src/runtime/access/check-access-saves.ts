import type { RecordStore } from "../../engines/storage/records/record-store.js";
import { Forbidden, RecordInvalid } from "../../foundations/error-codes.js";
import { didYouMean } from "../../foundations/suggest.js";
import type { ProjectSpec } from "../../spec/project-spec.js";
import { ADMIN_USER, loadPrincipal, splitRoles } from "./load-principal.js";
import { ADMIN_ROLE, isAdmin } from "./principal.js";

/** A save of a `user` or `group` row, as the record checks see it. */
export interface AccessSave {
  readonly spec: ProjectSpec;
  readonly store: RecordStore;
  readonly key: string;
  readonly values: Readonly<Record<string, unknown>>;
  /** Who saves. */
  readonly user: string;
}

type Values = Readonly<Record<string, unknown>>;

async function requireAdmin(save: AccessSave, what: string): Promise<void> {
  if (isAdmin(await loadPrincipal(save.store, save.user))) return;
  throw Forbidden.create(`only an admin may ${what}; ${save.user} is not one`, {
    hint: "Ask a user holding the admin role.",
  });
}

function listOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === "string") return splitRoles(value);
  return [];
}

/** Every group name up the parent chain from `start` (itself included); stops at a cycle. */
async function ancestry(store: RecordStore, start: string): Promise<Map<string, string[]>> {
  const rows = await store.list("group", { fields: ["name", "roles", "parent__name"] });
  const byName = new Map(rows.map((row) => [String(row.name), row]));
  const chain = new Map<string, string[]>();
  let name: string | undefined = start;
  while (name !== undefined && !chain.has(name)) {
    const row = byName.get(name);
    chain.set(name, splitRoles(row?.roles));
    const parent = row?.parent__name;
    name = typeof parent === "string" ? parent : undefined;
  }
  return chain;
}

/**
 * `group save`: its roles must be declared in some module's `roles:` (stored
 * normalised: trimmed, without repeats), its parent chain must not come back to it,
 * and only an admin may make a group that holds `admin`, directly or through a parent.
 */
export async function checkGroupSave(save: AccessSave): Promise<Values> {
  const values: Record<string, unknown> = { ...save.values };
  const declared = [...save.spec.roles.keys()];
  if (save.values.roles !== undefined && save.values.roles !== null) {
    const roles = [...new Set(listOf(save.values.roles))];
    for (const role of roles) {
      if (!save.spec.roles.has(role)) {
        throw RecordInvalid.create(
          `group ${save.key}: unknown role '${role}'${didYouMean(role, declared)}`,
          {
            hint: `Declare it under 'roles:' in a spec file, or use one of: ${declared.join(", ")}.`,
            details: { model: "group", field: "roles", value: role },
          },
        );
      }
    }
    values.roles = roles.join(",");
  }
  const parent = typeof save.values.parent === "string" ? save.values.parent : undefined;
  const chain =
    parent === undefined ? new Map<string, string[]>() : await ancestry(save.store, parent);
  if (chain.has(save.key)) {
    throw RecordInvalid.create(
      `group ${save.key}: parent ${parent ?? ""} would make the group its own ancestor`,
      {
        hint: "Choose a parent that is not below this group.",
        details: { model: "group", field: "parent", value: parent },
      },
    );
  }
  const own = typeof values.roles === "string" ? splitRoles(values.roles) : [];
  if ([...own, ...[...chain.values()].flat()].includes(ADMIN_ROLE)) {
    await requireAdmin(save, `make group ${save.key} hold the admin role`);
  }
  return values;
}

/**
 * `user save`: only an admin may save the user named `admin`, or put a user in a
 * group that holds `admin` (directly or through a parent), so a user-admin cannot
 * grant what they do not hold.
 */
export async function checkUserSave(save: AccessSave): Promise<Values> {
  if (save.key === ADMIN_USER) await requireAdmin(save, `change the user ${ADMIN_USER}`);
  for (const group of listOf(save.values.groups)) {
    const chain = await ancestry(save.store, group);
    if ([...chain.values()].flat().includes(ADMIN_ROLE)) {
      await requireAdmin(save, `add ${save.key} to group ${group}, which holds the admin role`);
    }
  }
  return save.values;
}

/**
 * `token save`: only an admin may write token rows directly (a token's hash or user
 * changed by hand is a token made or moved); others issue tokens with `user token` and
 * revoke them with `token revoke`.
 */
export async function checkTokenSave(save: AccessSave): Promise<Values> {
  await requireAdmin(save, "save tokens directly; use `user token` and `token revoke`");
  return save.values;
}

/** `user token NAME`: a token of a user who holds admin is an admin token, so only an admin issues it. */
export async function checkTokenIssue(
  store: RecordStore,
  issuer: string,
  user: string,
): Promise<void> {
  if (!isAdmin(await loadPrincipal(store, user))) return;
  if (isAdmin(await loadPrincipal(store, issuer))) return;
  throw Forbidden.create(`only an admin may issue a token for ${user}, who holds the admin role`, {
    hint: "Ask a user holding the admin role.",
  });
}
