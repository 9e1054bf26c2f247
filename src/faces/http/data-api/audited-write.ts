import type { FastifyRequest } from "fastify";
import type { WriteOptions } from "../../../engines/storage/data/index.js";
import type { ProjectSpec } from "../../../spec/project-spec.js";
import { actorName } from "../../../runtime/access/principal.js";
import { auditObserver } from "../../../runtime/audit/index.js";
import { principalOf } from "../request-principal.js";

/** A data API write's options: its changes recorded in the audit trail as the request's user's. */
export function auditedWrite(request: FastifyRequest, spec: ProjectSpec): WriteOptions {
  const actor = { user: actorName(principalOf(request)), origin: "api" };
  return { observe: auditObserver(spec, actor) };
}
