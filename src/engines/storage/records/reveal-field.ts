import type { ProjectSpec } from "../../../spec/project-spec.js";

const REVEALED = new WeakMap<ProjectSpec, Map<string, ProjectSpec>>();

/**
 * The spec with one `hidden` field readable. Hidden fields are never named by any face,
 * API or filter; the platform reads its own (an execution's sealed secrets, a secret
 * config value) through a store over this view (`store.withSpec`). Views are kept, so
 * each is built once per spec.
 */
export function revealField(spec: ProjectSpec, model: string, field: string): ProjectSpec {
  let views = REVEALED.get(spec);
  if (views === undefined) {
    views = new Map();
    REVEALED.set(spec, views);
  }
  const name = `${model}.${field}`;
  let view = views.get(name);
  if (view === undefined) {
    const definition = spec.models.get(model);
    const hidden = definition?.fields.get(field);
    if (definition === undefined || hidden === undefined) return spec;
    const fields = new Map(definition.fields).set(
      field,
      Object.freeze({ ...hidden, hidden: false }),
    );
    const models = new Map(spec.models).set(model, Object.freeze({ ...definition, fields }));
    view = Object.freeze({ ...spec, models });
    views.set(name, view);
  }
  return view;
}
