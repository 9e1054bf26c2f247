import { sql } from "kysely";
import { expect, it } from "vitest";
import { describeEachBackend } from "./support/describe-each-backend.js";

describeEachBackend("database connection", (fixture) => {
  it("answers a query", async () => {
    const result = await sql<{ two: number | string }>`select 1 + 1 as two`.execute(
      fixture.database().db,
    );
    expect(Number(result.rows[0]?.two)).toBe(2);
  });
});
