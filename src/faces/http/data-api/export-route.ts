import { Readable } from "node:stream";
import type { FastifyInstance } from "fastify";
import type { ListOptions, RecordRow } from "../../../engines/storage/records/record-store.js";
import { defaultFieldPaths } from "../../../engines/storage/query/index.js";
import { csvLine } from "./csv-line.js";
import type { ModelRoute } from "./data-api-options.js";
import { readerOf } from "./reader-of.js";
import { readGuard } from "./model-guards.js";
import { nestRow } from "./nest-row.js";
import { exportQuerySchema } from "./query-schemas.js";
import {
  definedOnly,
  filterInputs,
  listParameter,
  numberParameter,
  textParameter,
  type QueryValues,
} from "./query-values.js";

const EXPORT_PARAMETERS: ReadonlySet<string> = new Set([
  "filter",
  "order",
  "fields",
  "limit",
  "offset",
]);

export type ExportFormat = "csv" | "ndjson";

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  ndjson: "application/x-ndjson; charset=utf-8",
};

function exportOptions(query: QueryValues): ListOptions {
  return definedOnly({
    filters: filterInputs(query, EXPORT_PARAMETERS),
    filter: textParameter(query, "filter"),
    order: listParameter(query, "order"),
    fields: listParameter(query, "fields"),
    limit: numberParameter(query, "limit"),
    offset: numberParameter(query, "offset"),
  });
}

/** Lines of the export: a CSV header then records, or one nested JSON row a line. */
async function* exportLines(
  format: ExportFormat,
  route: ModelRoute,
  columns: readonly string[] | undefined,
  first: RecordRow | undefined,
  rest: AsyncIterator<RecordRow>,
): AsyncGenerator<string> {
  const { spec } = route.options;
  const header =
    columns ?? (first === undefined ? defaultFieldPaths(route.model) : Object.keys(first));
  try {
    if (format === "csv") yield csvLine(header);
    let row = first;
    while (row !== undefined) {
      const current = row;
      yield format === "csv"
        ? csvLine(header.map((name) => current[name]))
        : `${JSON.stringify(nestRow(spec, route.model, current))}\n`;
      const next = await rest.next();
      row = next.done === true ? undefined : next.value;
    }
  } finally {
    // A client that hangs up ends the store's read early, releasing its connection.
    await rest.return?.();
  }
}

/**
 * `GET /data/<model>.csv` and `.ndjson`: every matching row, streamed from the store's
 * keyset batches through a Readable, so a slow client slows the reads instead of
 * filling memory. The first row is read before answering, so a bad filter still gets
 * a 400 with the error body; a failure mid-stream can only cut the answer short.
 */
export function registerExportRoute(
  app: FastifyInstance,
  route: ModelRoute,
  format: ExportFormat,
): void {
  const { model } = route;
  app.get<{ Querystring: QueryValues }>(
    `${route.base}.${format}`,
    {
      onRequest: readGuard(model),
      schema: { querystring: exportQuerySchema },
    },
    async (request, reply) => {
      const listOptions = exportOptions(request.query);
      const { queries, scope } = readerOf(request, route);
      const rows = queries.stream(model.name, { ...listOptions, ...scope })[Symbol.asyncIterator]();
      const first = await rows.next();
      const lines = exportLines(
        format,
        route,
        listOptions.fields,
        first.done === true ? undefined : first.value,
        rows,
      );
      const body = Readable.from(lines, { objectMode: false });
      return reply.type(CONTENT_TYPES[format]).send(body);
    },
  );
}
