import type { CreatedSchedule } from "../../../runtime/schedule/create-schedule.js";
import type { CliOutput } from "../cli-output.js";
import { toCsv } from "./csv.js";
import { keyValueTable, rowsTable } from "./text-table.js";

/**
 * What `--schedule` prints: in `table`, a line naming the schedule, its row and a table
 * of its next fire times in its time zone and in UTC; in `json`, `{"schedule": row,
 * "next": [{"utc", "local"}, ...]}` as one document; in `csv`, the row.
 */
export function showCreatedSchedule(output: CliOutput, created: CreatedSchedule): void {
  const { schedule, next } = created;
  switch (output.format) {
    case "json":
      output.stdout.write(`${JSON.stringify(created, null, 2)}\n`);
      return;
    case "csv":
      output.stdout.write(toCsv([schedule]));
      return;
    case "table": {
      const { colors } = output;
      const zone = typeof schedule.timezone === "string" ? schedule.timezone : "local";
      output.stdout.write(`${colors.green(`created schedule ${String(schedule.name)}`)}\n`);
      output.stdout.write(`${keyValueTable(schedule, colors)}\n`);
      if (next.length === 0) {
        output.stdout.write(`${colors.dim("no fire left")}\n`);
        return;
      }
      const rows = next.map((fire) => ({ [zone]: fire.local, utc: fire.utc }));
      output.stdout.write(`next fire times:\n${rowsTable(rows, colors, [zone, "utc"])}\n`);
      return;
    }
  }
}
