import type { ProjectSpec } from "../../../spec/project-spec.js";
import { CairnClient } from "../../client/index.js";
import type { CliIo } from "../cli-io.js";
import { asLocalError } from "./remote-errors.js";
import { RemoteRuntime } from "./remote-runtime.js";
import { remoteSpec } from "./remote-spec.js";
import { resolveHost } from "./resolve-host.js";

/** A server's command tree, and what runs its commands there. */
export interface OpenedRemote {
  readonly spec: ProjectSpec;
  readonly runtime: RemoteRuntime;
}

/**
 * `--host NAME|URL`: asks the server for its commands (`GET /command`), which take the
 * place of a local project's; no local project is needed.
 */
export async function openRemote(host: string, io: CliIo): Promise<OpenedRemote> {
  const target = await resolveHost(host, io);
  const client = new CairnClient({ url: target.url, token: target.token });
  try {
    const commands = await client.commands();
    return { spec: remoteSpec(client.url, commands), runtime: new RemoteRuntime(client) };
  } catch (error) {
    throw asLocalError(error, client.url);
  }
}
