import type { FilterInput, RecordRow } from "../../engines/storage/records/index.js";
import { didYouMean } from "../../foundations/suggest.js";
import type { ProjectSpec } from "../../spec/project-spec.js";
import { AUDIT_MODEL } from "../audit/audit-entry.js";
import { parseSince } from "../audit/parse-since.js";
import type { BuiltinCommand } from "./builtin-command.js";

const COLUMNS = ["id", "time", "user", "origin", "action", "model", "key", "changes"];

/** A value as a table cell shows it: text as is, the rest as JSON, cut at 40 characters. */
function cell(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value ?? null);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/**
 * `name: Bern -> Berne, elevation: 540` (an update's old and new, else the one value),
 * fields in `order` (the model's, when it still exists; then by name), since a database
 * may keep JSON keys in an order of its own.
 */
export function summarizeChanges(changes: unknown, order: readonly string[] = []): string {
  if (typeof changes !== "object" || changes === null) return "";
  const rank = (field: string) => {
    const at = order.indexOf(field);
    return at < 0 ? order.length : at;
  };
  return Object.entries(changes as Record<string, { old?: unknown; new?: unknown }>)
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([field, change]) => {
      if ("old" in change && "new" in change)
        return `${field}: ${cell(change.old)} -> ${cell(change.new)}`;
      return `${field}: ${cell("new" in change ? change.new : change.old)}`;
    })
    .join(", ");
}

/** A model's fields, then its relations: the order changes are shown in. */
function fieldOrder(spec: ProjectSpec, model: unknown): string[] {
  const definition = typeof model === "string" ? spec.models.get(model) : undefined;
  return definition === undefined
    ? []
    : [...definition.fields.keys(), ...definition.relations.keys()];
}

/**
 * `audit list [user=] [model=] [action=] [since=] [limit=]`: audit entries, newest
 * first, as a table with a summary of each change; the result holds the entries whole.
 */
export const auditList: BuiltinCommand = async (ctx, parameters, services) => {
  const filters: FilterInput[] = [];
  for (const name of ["user", "model", "action"] as const) {
    const value = parameters[name];
    if (typeof value === "string") filters.push({ path: name, value });
  }
  if (typeof parameters.since === "string") {
    const since = parseSince(
      services.command.name,
      parameters.since,
      new Date(),
      services.settings.timezone,
    );
    filters.push({ path: "created__gte", value: since.toISOString() });
  }
  const { model } = parameters;
  if (typeof model === "string" && !services.spec.models.has(model)) {
    // Entries outlive their model, so an unknown name is only worth a warning.
    ctx.warning(
      `this project has no model '${model}'${didYouMean(model, services.spec.models.keys())}`,
    );
  }
  const limit = typeof parameters.limit === "number" ? parameters.limit : 100;
  const entries: RecordRow[] = await services.store.list(AUDIT_MODEL, {
    filters,
    order: ["-id"],
    limit,
  });
  if (entries.length === 0) ctx.info("no audit entries match");
  else
    ctx.table(
      entries.map((entry) => ({
        id: entry.id,
        time: entry.created,
        user: entry.user,
        origin: entry.origin,
        action: entry.action,
        model: entry.model,
        key: entry.row_key,
        changes: summarizeChanges(entry.changes, fieldOrder(services.spec, entry.model)),
      })),
      COLUMNS,
    );
  return entries;
};
