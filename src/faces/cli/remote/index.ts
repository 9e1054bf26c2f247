/** `cairn --host`: commands run on a server through its command API, and saved hosts. */
export { hostCommand, listHosts, removeHost, saveHost } from "./host-commands.js";
export { hostsFilePath, readHosts, writeHosts } from "./hosts-file.js";
export type { HostEntry, Hosts } from "./hosts-file.js";
export { asLocalError } from "./remote-errors.js";
export { openRemote } from "./open-remote.js";
export type { OpenedRemote } from "./open-remote.js";
export { RemoteRuntime } from "./remote-runtime.js";
export { remoteSpec } from "./remote-spec.js";
export { resolveHost } from "./resolve-host.js";
export type { RemoteHost } from "./resolve-host.js";
