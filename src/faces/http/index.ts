export { createApp, type AppOptions, type LogDestination } from "./create-app.js";
export type { StatusInfo } from "./status-route.js";
export { buildOpenApiDocument, type DocumentOptions } from "./openapi/build-document.js";
