import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll } from "vitest";
import type { TempTree } from "../../support/temp-tree.js";
import { FakeDataQueries } from "./fake-data-queries.js";
import { createHttpProject, dataApp } from "./http-project.js";

/** The data API app of a fixture project over a scripted store, for one test file. */
export interface FakeDataApp {
  readonly app: FastifyInstance;
  readonly fake: FakeDataQueries;
  /** The fixture project's directory, for a second app with other options. */
  readonly dir: string;
}

/** Builds the app before the file's tests and closes it after. */
export function useFakeDataApp(): FakeDataApp {
  let project: TempTree | undefined;
  let app: FastifyInstance | undefined;
  const fake = new FakeDataQueries();
  beforeAll(async () => {
    project = createHttpProject();
    app = await dataApp(project.dir, fake);
  });
  afterAll(async () => {
    await app?.close();
    project?.remove();
  });
  return {
    get app() {
      if (app === undefined) throw new Error("the app starts in beforeAll");
      return app;
    },
    fake,
    get dir() {
      if (project === undefined) throw new Error("the project is written in beforeAll");
      return project.dir;
    },
  };
}
