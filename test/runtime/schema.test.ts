import { expect, it } from "vitest";
import { describeEachBackend } from "../support/describe-each-backend.js";
import { runCommand } from "./support/run-command.js";
import { useRuntime } from "./support/use-runtime.js";

describeEachBackend("runtime: schema state", (backend) => {
  const fixture = useRuntime(backend, { migrate: false });

  it("refuses commands until the schema is migrated, and runs db commands unrecorded", async () => {
    await expect(
      fixture.runtime().start({ command: "station list", parameters: {}, origin: "cli" }),
    ).rejects.toMatchObject({ code: "CAIRN_SCHEMA_OUTDATED" });
    const migrated = await runCommand(fixture.runtime(), "db migrate");
    expect(migrated.status).toBe("success");
    expect(migrated.id).toBe("");
    const listed = await runCommand(fixture.runtime(), "station list");
    expect(listed.status).toBe("success");
    expect(listed.id).not.toBe("");
  });
});
