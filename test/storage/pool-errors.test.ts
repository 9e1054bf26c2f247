import { sql } from "kysely";
import { expect, it } from "vitest";
import { openDatabase } from "../../src/engines/storage/database.js";
import { describeEachBackend } from "../support/describe-each-backend.js";

describeEachBackend("a dropped idle connection", (fixture) => {
  it("neither crashes the process nor breaks the next query", async (context) => {
    if (fixture.backend.name !== "postgres") {
      context.skip();
      return;
    }
    const database = await openDatabase(fixture.url());
    try {
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(
        database.db,
      );
      const pid = rows[0]?.pid;
      // Another connection ends the pool's idle one, as a server restart would.
      await sql`select pg_terminate_backend(${pid})`.execute(fixture.database().db);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const again = await sql<{ one: number }>`select 1 as one`.execute(database.db);
      expect(again.rows).toEqual([{ one: 1 }]);
    } finally {
      await database.close();
    }
  });
});
