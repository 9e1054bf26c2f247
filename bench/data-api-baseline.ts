import Fastify, { type FastifyInstance } from "fastify";
import { sql, type RawBuilder } from "kysely";
import type { Database } from "../src/engines/storage/database.js";

/**
 * The near-limit baseline for the data API benchmark: the first two benchmark queries
 * written by hand as SQL on the same driver and served by a bare Fastify route, with
 * the same server settings as Cairn's app and the same `{results, count, next}` shape.
 * No parsing, binding or validation: what is left is the database and JSON.
 */

interface SqlRow {
  readonly [column: string]: unknown;
}

const COLUMNS = sql`o.id, o.date, o.temp, o.temp_min, o.temp_max, o.precipitation,
  o.wind_speed, o.conditions, o.attrs, s.number as station, o.created, o.updated`;

/** Rows as Cairn shows them: JSON parsed, timestamps as ISO text, tags as names. */
async function withTags(database: Database, rows: readonly SqlRow[]): Promise<SqlRow[]> {
  const ids = rows.map((row) => Number(row.id));
  const tags = new Map<number, string[]>(ids.map((id) => [id, []]));
  if (ids.length > 0) {
    const linked = await sql<{ id: number | string; name: string }>`
      select ot.source_id as id, t.name from observation__tags ot
      join tag t on t.id = ot.target_id
      where ot.source_id in (${sql.join(ids)}) order by t.name`.execute(database.db);
    for (const link of linked.rows) tags.get(Number(link.id))?.push(link.name);
  }
  return rows.map((row) => ({
    ...row,
    id: Number(row.id),
    attrs: typeof row.attrs === "string" ? (JSON.parse(row.attrs) as unknown) : row.attrs,
    created: isoTime(row.created),
    updated: isoTime(row.updated),
    tags: tags.get(Number(row.id)) ?? [],
  }));
}

function isoTime(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "string" && !value.includes("T")) return new Date(value).toISOString();
  return value;
}

async function page(
  database: Database,
  query: RawBuilder<SqlRow>,
  count: RawBuilder<{ count: number | string }> | undefined,
  next: string,
  limit: number,
): Promise<{ results: SqlRow[]; count: number | null; next: string | null }> {
  const rows = (await query.execute(database.db)).rows;
  const counted = count === undefined ? undefined : (await count.execute(database.db)).rows[0];
  return {
    results: await withTags(database, rows.slice(0, limit)),
    count: counted === undefined ? null : Number(counted.count),
    next: rows.length > limit ? next : null,
  };
}

/**
 * `GET /page`: the 50 latest observations (the model's ordering), no count.
 * `GET /filtered?region=...`: observations of stations in a region, ordered by
 * temperature (descending) then date, with the exact count.
 */
export async function createBaselineApp(database: Database): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  const limit = 50;
  app.get("/page", () =>
    page(
      database,
      sql<SqlRow>`select ${COLUMNS} from observation o join station s on s.id = o.station_id
        order by o.date desc, o.id desc limit ${limit + 1}`,
      undefined,
      `/page?offset=${limit}`,
      limit,
    ),
  );
  app.get<{ Querystring: { region?: string } }>("/filtered", (request) => {
    const region = request.query.region ?? "";
    return page(
      database,
      sql<SqlRow>`select ${COLUMNS} from observation o join station s on s.id = o.station_id
        join region r on r.id = s.region_id where r.name = ${region}
        order by o.temp desc, o.date, o.id limit ${limit + 1}`,
      sql<{ count: number | string }>`select count(*) as count from observation o
        join station s on s.id = o.station_id join region r on r.id = s.region_id
        where r.name = ${region}`,
      `/filtered?region=${encodeURIComponent(region)}&offset=${limit}`,
      limit,
    );
  });
  await app.ready();
  return app;
}
