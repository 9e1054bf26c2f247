import { ParameterInvalid } from "../../../foundations/error-codes.js";
import { didYouMean } from "../../../foundations/suggest.js";
import type { CommandDefinition } from "../../../spec/command-definition.js";
import { heldRoles } from "../../access/check-may-run.js";
import { holdsAny } from "../../access/principal.js";
import { takeLockWait } from "../../locks/lock-wait.js";
import { recordedParameters, storeHasKey } from "../../parameters/recorded-parameters.js";
import { resolveParameters } from "../../parameters/resolve-parameters.js";
import {
  joinSecrets,
  maySealParameters,
  splitSecrets,
} from "../../parameters/secret-parameters.js";
import { scheduleSecrets } from "../../parameters/stored-secrets.js";
import type { RuntimeParts } from "../../runtime-parts.js";
import type { ScheduleRecord } from "../schedule-record.js";

/** What a fire runs: the command as the spec has it now, and its checked parameters. */
export interface FireTarget {
  readonly command: CommandDefinition;
  /** As an execution records them (values and filters), secret ones as `***`. */
  readonly parameters: Readonly<Record<string, unknown>>;
  /** The secret values, taken from the schedule and sealed with the execution. */
  readonly secrets: Readonly<Record<string, unknown>> | undefined;
}

/** A target, or why the schedule cannot fire any more (its pause reason). */
export type TargetCheck =
  | { readonly ok: true; readonly target: FireTarget }
  | { readonly ok: false; readonly reason: string };

/**
 * Checks, before a fire, that the schedule's command still exists in the spec (and is
 * recorded) and that its stored parameters still pass the command's checks, as
 * `runtime.start` checks them (typed JSON, `key` parameters naming existing rows), and
 * that the schedule's user may still run it (roles change after a schedule is made).
 * Secret values stored with the schedule are decrypted here, for this fire only. A
 * schedule that fails is paused rather than fired into a run that can only fail.
 */
export async function checkScheduleTarget(
  parts: RuntimeParts,
  schedule: ScheduleRecord,
): Promise<TargetCheck> {
  const command = parts.spec.commands.get(schedule.command);
  if (command === undefined) {
    const near = didYouMean(schedule.command, [...parts.spec.commands.keys()]);
    return {
      ok: false,
      reason: `its command '${schedule.command}' is not in the spec any more${near}`,
    };
  }
  if (!command.recorded) {
    return { ok: false, reason: `its command '${command.name}' cannot be scheduled` };
  }
  const principal = await parts.access.principalOf(schedule.user);
  if (!holdsAny(principal, command.roles)) {
    return {
      ok: false,
      reason: `its user '${schedule.user}' may not run '${command.name}' (it needs one of the roles ${command.roles.join(", ")}; the user has ${heldRoles(principal)})`,
    };
  }
  try {
    // `_lock_wait` does not apply to a queued run: the worker takes the lock when it claims it.
    const stored = maySealParameters(command)
      ? joinSecrets(command, schedule.parameters, await scheduleSecrets(parts.store, schedule.name))
      : schedule.parameters;
    const { parameters } = takeLockWait(command.name, stored);
    const resolved = await resolveParameters(command, parameters, {
      fromText: false,
      keyExists: (model, key) => storeHasKey(parts.spec, parts.store, model, key),
    });
    const split = splitSecrets(command, recordedParameters(resolved), parts.spec);
    return { ok: true, target: { command, ...split } };
  } catch (error) {
    if (ParameterInvalid.is(error)) {
      return { ok: false, reason: `its parameters no longer pass: ${error.message}` };
    }
    throw error;
  }
}
