/** The data API plugin and what it is given. */
export { dataApiPlugin } from "./data-api-plugin.js";
export type { DataApiOptions } from "./data-api-options.js";
export { servedModels } from "./data-api-options.js";
