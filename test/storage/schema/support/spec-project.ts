import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadProjectSpecSync, type ProjectSpec } from "../../../../src/spec/index.js";

/** Loads a project named `app` whose one spec file holds `models` (YAML), via a temp dir. */
export function specFromYaml(models: string): ProjectSpec {
  const root = mkdtempSync(join(tmpdir(), "cairn-schema-"));
  try {
    mkdirSync(join(root, "spec"));
    writeFileSync(join(root, "cairn.yml"), "name: app\nversion: 1.0.0\n");
    writeFileSync(join(root, "spec", "models.yml"), models);
    return loadProjectSpecSync(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** A realistic spec: every field type, a scoped key, foreign keys, many-to-many, indexes. */
export const WEATHER_SPEC = `
roles:
  weather-admin: {help: Manages stations}
models:
  tag:
    fields:
      name: {type: string, max_length: 40, required: true}
  station:
    key: number
    fields:
      number: {type: string, max_length: 20, required: true}
      name: {type: string, index: true}
      elevation: {type: float, help: metres}
      notes: {type: text}
      active: {type: boolean, default: true}
      rank: {type: integer, default: 3}
      visits: {type: bigint}
      price: {type: decimal, precision: 10, scale: 2, default: 1.5}
      founded: {type: date}
      checked: {type: datetime}
      opens: {type: time}
      interval: {type: duration}
      attrs: {type: json}
      ref: {type: uuid, unique: true}
      photo: {type: binary}
      code: {type: string, max_length: 8, default: abc}
  observation:
    key: date
    scope: [station]
    fields:
      date: {type: date, required: true}
      temp: {type: float}
    relations:
      station: {model: station, required: true, on_delete: cascade}
      source: {model: station, on_delete: set_null, reverse: sourced}
      tags: {model: tag, multiple: true}
    indexes: [[station, temp], [source, date]]
`;
