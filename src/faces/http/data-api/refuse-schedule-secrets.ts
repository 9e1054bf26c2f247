import { RecordInvalid } from "../../../foundations/error-codes.js";
import { redactedScheduleParameters } from "../../../runtime/parameters/secret-parameters.js";
import type { ModelDefinition } from "../../../spec/model-definition.js";
import type { ProjectSpec } from "../../../spec/project-spec.js";

/**
 * A row write of the core `schedule` model cannot store a secret parameter's value: the
 * data API writes `parameters` as given, in clear, while `schedule save` and
 * `--schedule` keep such values encrypted apart. A value given as `***` passes (it
 * stands for the stored one).
 */
export function refuseScheduleSecrets(
  spec: ProjectSpec,
  model: ModelDefinition,
  rows: readonly Readonly<Record<string, unknown>>[],
): void {
  if (model.module !== "core" || model.name !== "schedule") return;
  for (const row of rows) {
    const redacted = redactedScheduleParameters(spec, row.command, row.parameters);
    if (redacted === undefined) continue;
    const names = Object.keys(redacted).filter((name) => redacted[name] === "***");
    throw RecordInvalid.create(
      `a schedule's secret parameter ('${names.join("', '")}') cannot be written through the data API: it would be stored in clear`,
      {
        hint: "Use `cairn schedule save NAME parameters=...` or the command API's `schedule save`, which store secret values encrypted.",
        details: { model: model.name, field: "parameters", parameters: names },
      },
    );
  }
}
