import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { introspectSchema } from "../../src/engines/storage/schema/index.js";
import { describeEachBackend } from "../support/describe-each-backend.js";
import { cli } from "./support/cli-harness.js";
import { createFixtureProject, type FixtureProject } from "./support/fixture-project.js";

/**
 * A spec that does not validate changes nothing: `db migrate` exits 2 naming the file,
 * and the tables and rows are exactly as before, on every backend.
 */
describeEachBackend("a broken spec", (fixture) => {
  let project: FixtureProject;
  const run = (...argv: string[]) =>
    cli(argv, { cwd: project.dir, env: { CAIRN_DATABASE_URL: fixture.url() } });

  beforeAll(() => {
    project = createFixtureProject();
  });
  afterAll(() => {
    project.remove();
  });

  it("leaves the schema and the data untouched", async () => {
    expect((await run("db", "migrate")).code).toBe(0);
    expect((await run("station", "save", "03005", "name=Bern")).code).toBe(0);
    const before = await introspectSchema(fixture.database());

    // One valid change (a new model) and one typo: nothing of either may be applied.
    writeFileSync(
      join(project.dir, "spec", "more.yml"),
      [
        "models:",
        "  region:",
        "    fields:",
        "      name: {type: string, required: true}",
        "      code: {type: strng}",
        "",
      ].join("\n"),
    );
    const migrate = await run("db", "migrate", "--allow-destructive");
    expect(migrate.code).toBe(2);
    expect(migrate.stderr).toContain("spec/more.yml:5");
    expect(migrate.stderr).toContain("did you mean 'string'?");

    expect(await introspectSchema(fixture.database())).toEqual(before);
    const rows = await sql<{
      number: string;
      name: string;
    }>`select number, name from station`.execute(fixture.database().db);
    expect(rows.rows).toEqual([{ number: "03005", name: "Bern" }]);
  });
});
