import { describe, expect, it } from "vitest";
import { retentionSettings } from "../../src/foundations/retention-settings.js";

describe("retention settings", () => {
  it("keeps executions 90 days, their messages 30 and the audit trail forever by default", () => {
    expect(retentionSettings({})).toEqual({
      retainExecutionsDays: 90,
      retainMessagesDays: 30,
      retainAuditDays: 0,
    });
  });

  it("reads whole days, and 0 or never as forever", () => {
    expect(
      retentionSettings({
        CAIRN_RETAIN_EXECUTIONS_DAYS: "7",
        CAIRN_RETAIN_MESSAGES_DAYS: "never",
        CAIRN_RETAIN_AUDIT_DAYS: " 0 ",
      }),
    ).toEqual({ retainExecutionsDays: 7, retainMessagesDays: 0, retainAuditDays: 0 });
    expect(retentionSettings({ CAIRN_RETAIN_AUDIT_DAYS: "NEVER" }).retainAuditDays).toBe(0);
  });

  it("refuses anything else, naming the variable", () => {
    for (const raw of ["-1", "1.5", "30d", "forever"]) {
      expect(() => retentionSettings({ CAIRN_RETAIN_EXECUTIONS_DAYS: raw }), raw).toThrow(
        expect.objectContaining({
          code: "CAIRN_SETTINGS_INVALID",
          message: `CAIRN_RETAIN_EXECUTIONS_DAYS=${raw} is not a number of days`,
        }) as Error,
      );
    }
  });
});
