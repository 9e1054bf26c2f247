import { afterAll, beforeAll, expect, it } from "vitest";
import { createApp } from "../../src/faces/http/index.js";
import { cli, fakeServices } from "../cli/support/cli-harness.js";
import type { TempTree } from "../support/temp-tree.js";
import { FakeDataQueries } from "./support/fake-data-queries.js";
import { createHttpProject, specRuntime } from "./support/http-project.js";

let project: TempTree;
beforeAll(() => {
  project = createHttpProject();
});
afterAll(() => {
  project.remove();
});

it("serves no data routes, and documents none, without the data API", async () => {
  const app = await createApp({
    runtime: await specRuntime(project.dir),
    cairnVersion: "0.0.0-test",
    logLevel: false,
    apis: ["command"],
    dataQueries: new FakeDataQueries(),
  });
  const response = await app.inject({ url: "/data/station" });
  expect(response.statusCode).toBe(404);
  expect(response.json()).toMatchObject({ error: { code: "CAIRN_ROUTE_NOT_FOUND" } });
  const doc = (await app.inject({ url: "/openapi.json" })).json<{ paths: object }>();
  const paths = Object.keys(doc.paths);
  expect(paths.filter((path) => path.startsWith("/data"))).toEqual([]);
  expect(paths).toEqual(expect.arrayContaining(["/status", "/command", "/command/station/list"]));
  await app.close();
});

it("serves no command routes, and documents none, without the command API", async () => {
  const app = await createApp({
    runtime: await specRuntime(project.dir),
    cairnVersion: "0.0.0-test",
    logLevel: false,
    apis: ["data"],
    dataQueries: new FakeDataQueries(),
  });
  const response = await app.inject({
    method: "POST",
    url: "/command/station/list",
  });
  expect(response.statusCode).toBe(404);
  expect(response.json()).toMatchObject({ error: { code: "CAIRN_ROUTE_NOT_FOUND" } });
  const doc = (await app.inject({ url: "/openapi.json" })).json<{
    paths: object;
    components: { schemas: object };
  }>();
  expect(Object.keys(doc.paths).filter((path) => path.startsWith("/command"))).toEqual([]);
  expect(Object.keys(doc.components.schemas)).not.toContain("Message");
  await app.close();
});

it("cairn serve --apis refuses unknown API names with a usage error", async () => {
  const { services } = fakeServices(() => []);
  const result = await cli(["serve", "--apis", "data,graphql"], { cwd: project.dir, services });
  expect(result.code).toBe(2);
  expect(result.stderr).toContain("--apis data,graphql names no API 'graphql'");
});
