import type { FastifyInstance, FastifyRequest } from "fastify";
import type { RecordRow } from "../../../engines/storage/records/index.js";
import { visibleRow } from "../../../runtime/access/visible-row.js";
import { principalOf } from "../request-principal.js";
import { auditedWrite } from "./audited-write.js";
import { refuseScheduleSecrets } from "./refuse-schedule-secrets.js";
import type { ModelRoute } from "./data-api-options.js";
import { writeGuard } from "./model-guards.js";
import { idParamsSchema } from "./query-schemas.js";

type Values = Readonly<Record<string, unknown>>;

const objectBody = { type: "object" } as const;

const createBody = {
  anyOf: [objectBody, { type: "array", items: objectBody, minItems: 1 }],
} as const;

const createQuery = {
  type: "object",
  properties: { on_conflict: { type: "string", enum: ["error", "update"] } },
  additionalProperties: false,
} as const;

/**
 * `POST /data/<model>`: one object or an array of them, all stored or none. An object
 * answers with its stored row, an array with `{"results": [...]}` in input order.
 * `?on_conflict=update` updates rows whose natural key exists instead of refusing.
 */
export function registerCreateRoute(app: FastifyInstance, route: ModelRoute): void {
  const { model, options } = route;
  app.post<{ Body: Values | Values[]; Querystring: { on_conflict?: "error" | "update" } }>(
    route.base,
    {
      onRequest: writeGuard(model),
      schema: {
        body: createBody,
        querystring: createQuery,
      },
    },
    async (request, reply) => {
      const { body } = request;
      const rows = Array.isArray(body) ? body : [body];
      refuseScheduleSecrets(options.spec, model, rows);
      const stored = await options.queries.insert(model.name, rows, {
        onConflict: request.query.on_conflict ?? "error",
        ...auditedWrite(request, options.spec),
      });
      void reply.status(201);
      const shown = stored.map((row) => writerSees(request, route, row));
      return Array.isArray(body) ? { results: shown } : shown[0];
    },
  );
}

/** `PATCH /data/<model>/<id>`: changes the given fields of one row; answers the stored row. */
export function registerUpdateRoute(app: FastifyInstance, route: ModelRoute): void {
  const { model, options } = route;
  app.patch<{ Params: { id: number }; Body: Values }>(
    `${route.base}/:id`,
    {
      onRequest: writeGuard(model),
      schema: { params: idParamsSchema, body: objectBody },
    },
    async (request) => {
      refuseScheduleSecrets(options.spec, model, [request.body]);
      return writerSees(
        request,
        route,
        await options.queries.updateById(
          model.name,
          request.params.id,
          request.body,
          auditedWrite(request, options.spec),
        ),
      );
    },
  );
}

/** `DELETE /data/<model>/<id>`: 204 with no body. */
export function registerRemoveRoute(app: FastifyInstance, route: ModelRoute): void {
  const { model, options } = route;
  app.delete<{ Params: { id: number } }>(
    `${route.base}/:id`,
    { onRequest: writeGuard(model), schema: { params: idParamsSchema } },
    async (request, reply) => {
      await options.queries.removeById(
        model.name,
        request.params.id,
        auditedWrite(request, options.spec),
      );
      return reply.status(204).send();
    },
  );
}

/** A stored row as its writer reads the model: without fields they may not see. */
function writerSees(request: FastifyRequest, route: ModelRoute, row: RecordRow): RecordRow {
  const view = route.views.of(principalOf(request), route.model.name);
  return visibleRow(view.spec, route.model.name, row);
}
