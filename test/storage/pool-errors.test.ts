import { sql } from "kysely";
import { expect, it } from "vitest";
import { openDatabase } from "../../src/engines/storage/database.js";
import { describeEachBackend } from "../support/describe-each-backend.js";

describeEachBackend("a dropped idle connection", (fixture) => {
  it("neither crashes the process nor breaks the next query", async (context) => {
    if (fixture.backend.name === "sqlite") {
      context.skip();
      return;
    }
    const postgres = fixture.backend.name === "postgres";
    const database = await openDatabase(fixture.url());
    try {
      const { rows } = await (
        postgres
          ? sql<{ pid: number }>`select pg_backend_pid() as pid`
          : sql<{ pid: number }>`select connection_id() as pid`
      ).execute(database.db);
      const pid = Number(rows[0]?.pid);
      // Another connection ends the pool's idle one, as a server restart would.
      await (
        postgres ? sql`select pg_terminate_backend(${pid})` : sql.raw(`kill ${String(pid)}`)
      ).execute(fixture.database().db);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const again = await sql<{ one: number }>`select 1 as one`.execute(database.db);
      expect(again.rows).toEqual([{ one: 1 }]);
    } finally {
      await database.close();
    }
  });
});
