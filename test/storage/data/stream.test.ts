import { expect, it } from "vitest";
import type { RecordRow } from "../../../src/engines/storage/records/index.js";
import { describeEachBackend } from "../../support/describe-each-backend.js";
import { useDataQueries } from "./use-data-queries.js";

describeEachBackend("data streams", (fixture) => {
  const ready = useDataQueries(fixture);

  it("streams every matching row in the list's order, batch by batch", async () => {
    const { data } = ready();
    const cases = [
      {},
      { order: ["-temp", "station__region__name"] },
      { order: ["rain:nullsfirst"], filter: "or(tags__name=fog,temp__isnull=true)" },
    ];
    for (const options of cases) {
      const listed = await data.listPage("observation", { ...options, limit: 10_000 });
      const streamed: RecordRow[] = [];
      for await (const row of data.stream("observation", { ...options, batchSize: 7 })) {
        streamed.push(row);
      }
      expect(streamed).toEqual(listed.rows);
    }
  });

  it("honours limit and offset", async () => {
    const { data } = ready();
    const listed = await data.listPage("observation", { limit: 20, offset: 5 });
    const streamed: RecordRow[] = [];
    for await (const row of data.stream("observation", { limit: 20, offset: 5, batchSize: 6 })) {
      streamed.push(row);
    }
    expect(streamed).toEqual(listed.rows);
  });
});
