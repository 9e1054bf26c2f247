import type { Database } from "../../engines/storage/database.js";
import type { RecordStore } from "../../engines/storage/records/record-store.js";

/** A webhook to POST to, with its secret (a hidden field, read here only). */
export interface WebhookTarget {
  readonly name: string;
  readonly url: string;
  readonly secret: string | undefined;
}

/** Who hears of one notification. */
export interface Recipients {
  /** The groups told and every group below them. */
  readonly groups: readonly string[];
  /** Email addresses of the active users in those groups, each once, sorted. */
  readonly emails: readonly string[];
  /** The active webhooks of those groups, by name. */
  readonly webhooks: readonly WebhookTarget[];
}

/** Names per `in` filter. */
const CHUNK = 200;
/** More rows than any group tree or team holds; a guard, not a page. */
const ALL = 1_000_000;

function chunks<T>(items: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += CHUNK)
    result.push(items.slice(start, start + CHUNK));
  return result;
}

/** The groups and every group below them (children, their children...), each once. */
async function withDescendants(store: RecordStore, groups: readonly string[]): Promise<string[]> {
  const seen = new Set(groups);
  let frontier = [...groups];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const chunk of chunks(frontier)) {
      const rows = await store.list("group", {
        filters: [{ path: "parent__name__in", value: chunk }],
        fields: ["name"],
        limit: ALL,
      });
      for (const row of rows) {
        const name = String(row.name);
        if (!seen.has(name)) {
          seen.add(name);
          next.push(name);
        }
      }
    }
    frontier = next;
  }
  return [...seen];
}

async function emailsOf(store: RecordStore, groups: readonly string[]): Promise<string[]> {
  const emails = new Set<string>();
  for (const chunk of chunks(groups)) {
    const rows = await store.list("user", {
      filters: [
        { path: "groups__name__in", value: chunk },
        { path: "active", value: true },
        { path: "email__isnull", value: false },
      ],
      fields: ["email"],
      limit: ALL,
    });
    for (const row of rows) {
      if (typeof row.email === "string" && row.email.trim() !== "") emails.add(row.email.trim());
    }
  }
  return [...emails].sort();
}

async function webhooksOf(
  store: RecordStore,
  database: Database,
  groups: readonly string[],
): Promise<WebhookTarget[]> {
  const urls = new Map<string, string>();
  for (const chunk of chunks(groups)) {
    const rows = await store.list("webhook", {
      filters: [
        { path: "groups__name__in", value: chunk },
        { path: "active", value: true },
      ],
      fields: ["name", "url"],
      limit: ALL,
    });
    for (const row of rows) urls.set(String(row.name), String(row.url));
  }
  const secrets = new Map<string, string>();
  for (const chunk of chunks([...urls.keys()])) {
    // `secret` is hidden, so the store never reads it: it is read here, for signing only.
    const rows = (await database.db
      .selectFrom("webhook")
      .select(["name", "secret"])
      .where("name", "in", chunk)
      .execute()) as { name: unknown; secret: unknown }[];
    for (const row of rows) {
      if (typeof row.secret === "string" && row.secret !== "")
        secrets.set(String(row.name), row.secret);
    }
  }
  return [...urls]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, url]) => ({ name, url, secret: secrets.get(name) }));
}

/**
 * Resolves groups into recipients: the groups and every group below them, the email
 * of each active user in any of them, and their active webhooks.
 */
export async function resolveRecipients(
  store: RecordStore,
  database: Database,
  groups: readonly string[],
): Promise<Recipients> {
  const all = await withDescendants(store, groups);
  return {
    groups: all,
    emails: await emailsOf(store, all),
    webhooks: await webhooksOf(store, database, all),
  };
}
