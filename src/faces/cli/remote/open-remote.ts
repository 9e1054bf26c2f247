import { readFile } from "node:fs/promises";
import { SettingsInvalid } from "../../../foundations/error-codes.js";
import type { ProjectSpec } from "../../../spec/project-spec.js";
import { CairnClient } from "../../client/index.js";
import type { CliIo } from "../cli-io.js";
import { asLocalError } from "./remote-errors.js";
import { RemoteRuntime } from "./remote-runtime.js";
import { remoteSpec } from "./remote-spec.js";
import { resolveHost, type RemoteHost } from "./resolve-host.js";

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
  const ca = await caOf(target);
  let client: CairnClient;
  try {
    client = new CairnClient({
      url: target.url,
      token: target.token,
      ...(ca === undefined ? {} : { ca }),
      insecure: target.insecure === true,
    });
  } catch (error) {
    throw asLocalError(error, target.url);
  }
  try {
    const commands = await client.commands();
    return { spec: remoteSpec(client.url, commands), runtime: new RemoteRuntime(client) };
  } catch (error) {
    throw asLocalError(error, client.url);
  }
}

/** The saved host's CA file, read at each use so a renewed CA needs no new save. */
async function caOf(target: RemoteHost): Promise<Buffer | undefined> {
  if (target.ca === undefined) return undefined;
  try {
    return await readFile(target.ca);
  } catch (cause) {
    throw SettingsInvalid.create(
      `cannot read the CA file ${target.ca} of ${target.url}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`,
      { hint: "Save the host again with ca=FILE naming the CA's certificate (PEM).", cause },
    );
  }
}
