import type { DataQueries } from "../../../engines/storage/records/data-queries.js";
import type { ModelDefinition } from "../../../spec/model-definition.js";
import type { ReadViews } from "../../../runtime/access/read-view.js";
import type { ProjectSpec } from "../../../spec/project-spec.js";

/** What the data API plugin needs: the spec it serves, the store it reads and limits. */
export interface DataApiOptions {
  readonly spec: ProjectSpec;
  readonly queries: DataQueries;
  /** The largest `limit` a page may ask for (CAIRN_MAX_PAGE_SIZE). */
  readonly maxPageSize: number;
}

/** One served model and the plugin's options, as each route file receives them. */
export interface ModelRoute {
  readonly model: ModelDefinition;
  readonly options: DataApiOptions;
  /** What each principal may read (fields and rows), shared by the plugin's routes. */
  readonly views: ReadViews;
  /** `/data/<model>`. */
  readonly base: string;
}

/** The models the data API serves: those without `api: false`, by name. */
export function servedModels(spec: ProjectSpec): ModelDefinition[] {
  return [...spec.models.values()].filter((model) => model.api);
}
