import { DOCUMENT_NAMES } from "./access-project.js";
import { command, commandAsForm, type Call, type Outcome } from "./http-calls.js";

/** What a read showed: the documents' names when it lists them, and how many. */
export interface Seen {
  readonly names?: readonly string[];
  readonly count: number;
}

/** A request of a read, and the one document it asks for when it reads by id. */
export interface ReadCall {
  readonly call: Call;
  readonly document?: string;
}

/**
 * One way to read documents. `calls` are the requests it makes (one, or one per
 * document for reads by id); `seen` sums up their successful answers.
 */
export interface ReadOp {
  readonly name: string;
  /** Whether answers carry whole rows, so a visible salary shows in them. */
  readonly rows: boolean;
  calls(id: (document: string) => number): readonly ReadCall[];
  seen(outcomes: readonly Outcome[]): Seen;
}

const one = (call: Call): readonly ReadCall[] => [{ call }];

interface Row {
  readonly name?: unknown;
  readonly value?: unknown;
  readonly count?: unknown;
}

function rowsOf(value: unknown, key = "results"): Row[] {
  if (Array.isArray(value)) return value as Row[];
  if (typeof value === "object" && value !== null && key in value) {
    const rows = (value as Record<string, unknown>)[key];
    if (Array.isArray(rows)) return rows as Row[];
  }
  throw new Error(`no rows in ${JSON.stringify(value)}`);
}

function named(rows: readonly Row[], key: "name" | "value" = "name"): Seen {
  const names = rows.map((row) => String(row[key]));
  return { names, count: names.length };
}

function first(outcomes: readonly Outcome[]): Outcome {
  const [outcome] = outcomes;
  if (outcome === undefined) throw new Error("no outcome");
  return outcome;
}

/** Splits one CSV line, minding quoted cells. */
export function csvCells(line: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line.charAt(i);
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      cells.push(cell);
      cell = "";
    } else cell += char;
  }
  cells.push(cell);
  return cells;
}

function csvNames(body: string): Seen {
  const [header = "", ...lines] = body.split("\n").filter((line) => line !== "");
  const column = csvCells(header).indexOf("name");
  return named(lines.map((line) => ({ name: csvCells(line)[column] })));
}

/** Reads by id: the documents answered 200 (the others must be 404). */
function byId(outcomes: readonly Outcome[]): Seen {
  const names = outcomes
    .filter((outcome) => outcome.status === 200)
    .map((outcome) => {
      const row = (outcome.result ?? {}) as Row;
      return String(row.name);
    });
  return { names, count: names.length };
}

const eachDocument = (call: (name: string) => Call): readonly ReadCall[] =>
  DOCUMENT_NAMES.map((document) => ({ call: call(document), document }));

/** Every read of documents, on each face: the data API, the command API and `cairn --host`. */
export const READ_OPS: readonly ReadOp[] = [
  {
    name: "GET /data/document",
    rows: true,
    calls: () => one({ url: "/data/document?limit=100" }),
    seen: (outcomes) => named(rowsOf(first(outcomes).result)),
  },
  {
    name: "GET /data/document with a filter across every row",
    rows: true,
    calls: () => one({ url: "/data/document?filter=or(name__startswith=d-,body__contains=of)" }),
    seen: (outcomes) => named(rowsOf(first(outcomes).result)),
  },
  {
    name: "GET /data/document/count",
    rows: false,
    calls: () => one({ url: "/data/document/count" }),
    seen: (outcomes) => ({ count: Number((first(outcomes).result as Row).count) }),
  },
  {
    name: "GET /data/document/values/name",
    rows: false,
    calls: () => one({ url: "/data/document/values/name" }),
    seen: (outcomes) => named(rowsOf(first(outcomes).result), "value"),
  },
  {
    name: "GET /data/document/aggregate?group=name",
    rows: false,
    calls: () => one({ url: "/data/document/aggregate?group=name&agg=count:*" }),
    seen: (outcomes) => named(rowsOf(first(outcomes).result)),
  },
  {
    name: "GET /data/document/aggregate (a total)",
    rows: false,
    calls: () => one({ url: "/data/document/aggregate?agg=count:*" }),
    seen: (outcomes) => ({ count: Number(rowsOf(first(outcomes).result)[0]?.count ?? 0) }),
  },
  {
    name: "GET /data/document.csv",
    rows: true,
    calls: () => one({ url: "/data/document.csv" }),
    seen: (outcomes) => csvNames(first(outcomes).body),
  },
  {
    name: "GET /data/document.ndjson",
    rows: true,
    calls: () => one({ url: "/data/document.ndjson" }),
    seen: (outcomes) =>
      named(
        first(outcomes)
          .body.split("\n")
          .filter((line) => line !== "")
          .map((line) => JSON.parse(line) as Row),
      ),
  },
  {
    name: "GET /data/document/:id",
    rows: true,
    calls: (id) => eachDocument((name) => ({ url: `/data/document/${String(id(name))}` })),
    seen: byId,
  },
  {
    name: "command document list",
    rows: true,
    calls: () => one(command("document list")),
    seen: (outcomes) => named(rowsOf(first(outcomes).result)),
  },
  {
    name: "command document get",
    rows: true,
    calls: () => eachDocument((name) => command("document get", { key: name })),
    seen: byId,
  },
  {
    name: "cairn --host document list name__startswith=d-",
    rows: true,
    calls: () => one(commandAsForm("document list", { name__startswith: "d-", order: "-name" })),
    seen: (outcomes) => named(rowsOf(first(outcomes).result)),
  },
  {
    name: "cairn --host document get",
    rows: true,
    calls: () => eachDocument((name) => commandAsForm("document get", { key: name })),
    seen: byId,
  },
];
