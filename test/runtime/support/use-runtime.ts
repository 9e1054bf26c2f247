import { afterAll, beforeAll } from "vitest";
import { createRecordStore } from "../../../src/engines/storage/records/index.js";
import type { RecordRow, RecordStore } from "../../../src/engines/storage/records/record-store.js";
import { migrateDatabase } from "../../../src/engines/storage/schema/index.js";
import { loadSettings } from "../../../src/foundations/settings.js";
import { openRuntime, type Runtime, type RuntimeOptions } from "../../../src/runtime/index.js";
import { loadProjectSpec } from "../../../src/spec/index.js";
import type { BackendFixture } from "../../support/describe-each-backend.js";
import { writeFixtureProject } from "./fixture-project.js";

export interface RuntimeFixture {
  runtime(): Runtime;
  /** The fixture project's directory. */
  dir(): string;
  /** A store on the suite's database, for checking what the runtime wrote. */
  store(): RecordStore;
  execution(id: string): Promise<RecordRow>;
  /** The recorded messages of an execution, in `seq` order. */
  messages(id: string): Promise<RecordRow[]>;
  /** Opens another runtime on the same project and database, as another node would (closed after the suite). */
  another(options?: RuntimeOptions): Promise<Runtime>;
}

/** Writes the fixture project, migrates the suite's database and opens a runtime on it. */
export function useRuntime(
  backend: BackendFixture,
  options: RuntimeOptions & { migrate?: boolean } = {},
): RuntimeFixture {
  let project: ReturnType<typeof writeFixtureProject> | undefined;
  let runtime: Runtime | undefined;
  let store: RecordStore | undefined;
  const others: Runtime[] = [];
  beforeAll(async () => {
    project = writeFixtureProject();
    const settings = loadSettings({
      env: { CAIRN_DATABASE_URL: backend.url() },
      cwd: project.dir,
    });
    const spec = await loadProjectSpec(project.dir);
    if (options.migrate !== false) await migrateDatabase(backend.database(), spec);
    runtime = await openRuntime(settings, { abortGraceMs: 500, ...options });
    store = createRecordStore(backend.database(), spec);
  });
  afterAll(async () => {
    await Promise.all(others.map((other) => other.close()));
    await runtime?.close();
    project?.remove();
  });
  const need = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the runtime fixture is not set up");
    return value;
  };
  return {
    runtime: () => need(runtime),
    dir: () => need(project).dir,
    store: () => need(store),
    execution: (id) => need(store).get("execution", { key: id }),
    messages: (id) =>
      need(store).list("execution_message", {
        filters: [{ path: "execution", value: id }],
        order: ["seq"],
        limit: 1_000_000,
      }),
    another: async (more = {}) => {
      const settings = loadSettings({
        env: { CAIRN_DATABASE_URL: backend.url() },
        cwd: need(project).dir,
      });
      const other = await openRuntime(settings, { abortGraceMs: 500, ...options, ...more });
      others.push(other);
      return other;
    },
  };
}
