import { expect, it } from "vitest";
import { MigrationDestructive } from "../../../src/foundations/error-codes.js";
import type { BuiltinServices } from "../../../src/runtime/builtins/builtin-command.js";
import type { CommandContext } from "../../../src/runtime/command-context.js";
import { dbMigrate } from "../../../src/runtime/builtins/db-migrate.js";
import { dbPlan } from "../../../src/runtime/builtins/db-plan.js";
import type { ProjectSpec } from "../../../src/spec/index.js";
import { describeEachBackend } from "../../support/describe-each-backend.js";
import { insertRows } from "./support/rows.js";
import { specFromYaml } from "./support/spec-project.js";

/** A context that only records the messages built-ins emit. */
function recordingContext(): { ctx: CommandContext; lines: string[] } {
  const lines: string[] = [];
  const say = (type: string) => (text: string) => lines.push(`${type}: ${text}`);
  const ctx = {
    info: say("info"),
    notice: say("notice"),
    success: say("success"),
    warning: say("warning"),
    error: say("error"),
    table: (rows: readonly unknown[]) => lines.push(`table: ${String(rows.length)} rows`),
  } as unknown as CommandContext;
  return { ctx, lines };
}

const v1 = specFromYaml(`
models:
  gauge:
    fields:
      name: {type: string, max_length: 30, required: true}
      reading: {type: float}
`);
const v2 = specFromYaml(`
models:
  gauge:
    fields:
      name: {type: string, max_length: 30, required: true}
`);

describeEachBackend("db plan and db migrate", (fixture) => {
  const services = (spec: ProjectSpec) =>
    ({ spec, database: fixture.database() }) as unknown as BuiltinServices;

  it("db plan lists pending changes without applying them", async () => {
    const { ctx, lines } = recordingContext();
    const result = (await dbPlan(ctx, {}, services(v1))) as { steps: unknown[]; applied: boolean };
    expect(result.applied).toBe(false);
    expect(result.steps.length).toBeGreaterThan(0);
    expect(lines).toContain("info: + create table gauge");
    expect(lines.at(-1)).toBe("notice: Run `cairn db migrate` to apply them");
  });

  it("db migrate applies, then says the database is up to date", async () => {
    const first = recordingContext();
    const result = (await dbMigrate(first.ctx, {}, services(v1))) as { applied: boolean };
    expect(result.applied).toBe(true);
    expect(first.lines.at(-1)).toMatch(/^success: Applied \d+ schema changes$/);
    const again = recordingContext();
    expect(await dbMigrate(again.ctx, {}, services(v1))).toEqual({ steps: [], applied: false });
    expect(again.lines).toEqual(["success: Database is up to date"]);
  });

  it("db migrate refuses destructive changes without allow_destructive", async () => {
    await insertRows(fixture.database(), "gauge", [{ name: "g", reading: 1.5 }]);
    const plan = recordingContext();
    await dbPlan(plan.ctx, {}, services(v2));
    expect(plan.lines).toContain(
      "warning: - drop column gauge.reading (DESTRUCTIVE: 1 row has a value; drops the column and its values)",
    );
    const refused = recordingContext();
    const error = await dbMigrate(refused.ctx, {}, services(v2)).catch((e: unknown) => e);
    expect(MigrationDestructive.is(error)).toBe(true);
    const allowed = recordingContext();
    const result = await dbMigrate(allowed.ctx, { allow_destructive: true }, services(v2));
    expect(result).toMatchObject({ applied: true, steps: [{ action: "drop_column", rows: 1 }] });
  });
});
