export { createApp, type AppOptions, type LogDestination } from "./create-app.js";
export type { StatusInfo } from "./status-route.js";
