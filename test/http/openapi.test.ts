import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TempTree } from "../support/temp-tree.js";
import { FakeDataQueries } from "./support/fake-data-queries.js";
import { createHttpProject, dataApp } from "./support/http-project.js";

type Json = Record<string, unknown>;

let project: TempTree;
let app: FastifyInstance;
let doc: Json;

const at = (value: unknown, ...keys: string[]): Json => {
  let node = value;
  for (const key of keys) node = (node as Json)[key];
  return node as Json;
};

beforeAll(async () => {
  project = createHttpProject();
  app = await dataApp(project.dir, new FakeDataQueries());
  doc = (await app.inject({ url: "/openapi.json" })).json();
});
afterAll(async () => {
  await app.close();
  project.remove();
});

/** Runs Redocly's minimal ruleset on a document; resolves with its exit code and output. */
export function redoclyLint(document: unknown): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), "cairn-openapi-"));
  try {
    const file = join(dir, "openapi.json");
    writeFileSync(file, JSON.stringify(document));
    const result = spawnSync("npx", ["redocly", "lint", "--extends=minimal", file], {
      encoding: "utf8",
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
    });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("GET /openapi.json", () => {
  it("is OpenAPI 3.1 with every data route of served models only", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(at(doc, "info")).toMatchObject({ title: "httpfix", version: "1.2.3" });
    const paths = Object.keys(at(doc, "paths"));
    for (const suffix of [
      "",
      ".csv",
      ".ndjson",
      "/count",
      "/values/{path}",
      "/aggregate",
      "/{id}",
    ]) {
      expect(paths).toContain(`/data/station${suffix}`);
    }
    expect(paths).toContain("/status");
    expect(paths.some((p) => p.startsWith("/data/") && p.includes("secret"))).toBe(false);
    expect(Object.keys(at(doc, "paths", "/data/station/{id}"))).toEqual(["get", "patch", "delete"]);
  });

  it("maps field types to JSON Schema", () => {
    const props = at(doc, "components", "schemas", "observation", "properties");
    expect(props.rain).toEqual({ type: ["string", "null"], pattern: "^-?[0-9]+(\\.[0-9]+)?$" });
    expect(props.day).toEqual({ type: "string", format: "date" });
    expect(props.at).toEqual({ type: ["string", "null"], format: "date-time" });
    expect(props.uid).toEqual({ type: ["string", "null"], format: "uuid" });
    expect(props.blob).toEqual({ type: ["string", "null"], contentEncoding: "base64" });
    expect(props.extra).toEqual({});
    expect(props.kind).toMatchObject({ type: ["string", "null"], enum: ["auto", "manual", null] });
    expect(at(props, "tags")).toMatchObject({ type: "array", items: { type: "string" } });
    expect(at(props, "station", "anyOf")).toEqual([
      { type: "string", description: "the related station's natural key" },
      { $ref: "#/components/schemas/station" },
    ]);
    expect(at(doc, "components", "schemas", "observation.input", "required")).toEqual([
      "day",
      "station",
    ]);
  });

  it("types list parameters per field and operator, with date transforms and relations", () => {
    const list = at(doc, "paths", "/data/observation", "get");
    const parameters = list.parameters as Json[];
    const byName = new Map(parameters.map((p) => [String(p.name), p]));
    expect(byName.get("temp__gte")?.schema).toEqual({ type: "number" });
    expect(byName.get("temp__isnull")?.schema).toEqual({ type: "boolean" });
    expect(byName.get("day__year__gte")?.schema).toEqual({ type: "integer" });
    expect(byName.get("at__hour")?.schema).toEqual({ type: "integer" });
    expect(byName.get("station__name__icontains")).toBeDefined();
    expect(byName.get("tags__name")).toBeDefined();
    expect(byName.has("temp__icontains")).toBe(false);
    expect(byName.has("blob__gt")).toBe(false);
    expect(parameters.slice(0, 7)).toEqual(
      ["filter", "order", "fields", "limit", "offset", "cursor", "count"].map((name) => ({
        $ref: `#/components/parameters/${name}`,
      })),
    );
    expect(at(doc, "components", "parameters", "limit", "schema")).toMatchObject({
      maximum: 1000,
      default: 50,
    });
    // The station side sees observations through the reverse relation.
    const stationList = at(doc, "paths", "/data/station", "get").parameters as Json[];
    expect(stationList.some((p) => p.name === "observation__temp__gt")).toBe(true);
  });

  it("secures writes and non-public reads with the bearer scheme, with 401, 403 and 429", () => {
    expect(at(doc, "components", "securitySchemes", "bearerAuth")).toMatchObject({
      type: "http",
      scheme: "bearer",
    });
    expect(at(doc, "paths", "/data/station", "get").security).toEqual([{}, { bearerAuth: [] }]);
    expect(at(doc, "paths", "/data/station", "post").security).toEqual([{ bearerAuth: [] }]);
    expect(at(doc, "paths", "/data/observation", "get").security).toEqual([{ bearerAuth: [] }]);
    expect(Object.keys(at(doc, "paths", "/data/station", "post", "responses"))).toEqual([
      "201",
      "400",
      "401",
      "403",
      "404",
      "409",
      "429",
      "500",
    ]);
  });

  it("serves the interactive docs", async () => {
    const response = await app.inject({ url: "/docs/" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("text/html");
  });

  it("passes redocly lint --extends=minimal", () => {
    const { status, output } = redoclyLint(doc);
    expect(output).toContain("valid");
    expect(status, output).toBe(0);
  }, 60_000);
});
