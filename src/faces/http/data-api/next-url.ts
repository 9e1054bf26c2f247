import type { FastifyRequest } from "fastify";
import type { Page } from "../../../engines/storage/records/data-queries.js";

/**
 * The absolute URL of the next page, or null on the last one: the request's own URL
 * with `cursor=` when the store gave a keyset cursor, else with `offset=` moved past
 * this page. Every other parameter is kept as the client wrote it.
 */
export function nextPageUrl(
  request: FastifyRequest,
  page: Page,
  offset: number | undefined,
): string | null {
  // An empty page (limit=0) has no next page: its offset would point at itself.
  if (!page.more || page.rows.length === 0) return null;
  const url = new URL(request.url, `${request.protocol}://${request.host}`);
  if (page.nextCursor !== undefined) {
    url.searchParams.delete("offset");
    url.searchParams.set("cursor", page.nextCursor);
    return url.toString();
  }
  if (url.searchParams.has("cursor")) return null;
  url.searchParams.set("offset", String((offset ?? 0) + page.rows.length));
  return url.toString();
}
