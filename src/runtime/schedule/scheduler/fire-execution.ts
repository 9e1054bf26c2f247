import { violationOf } from "../../../engines/storage/records/database-errors.js";
import { sealingDeadline } from "../../execution/execution-log.js";
import { retryWhileBusy } from "../../messages/is-busy-error.js";
import { DEFAULT_QUEUE } from "../../queue/backoff.js";
import type { RuntimeParts } from "../../runtime-parts.js";
import { fireKey } from "../schedule-record.js";
import type { Fence } from "./schedule-rows.js";
import type { FireTarget } from "./schedule-target.js";

/** One instant of one schedule, to fire. */
export interface Fire {
  /** The schedule's row id and name. */
  readonly schedule: { readonly id: number; readonly name: string; readonly user: string };
  readonly target: FireTarget;
  /** The scheduled instant (epoch ms). */
  readonly instant: number;
  /** The scheduler's clock when it fires (epoch ms): lateness is measured against it. */
  readonly now: number;
  /** `REPLICA#TERM`: who fired it, recorded in `fired_by`. */
  readonly firedBy: string;
}

/** How a fire went: a new execution, one another replica made first, or fenced off. */
export type FireOutcome =
  | { readonly kind: "fired"; readonly execution: string; readonly queued: Promise<void> }
  | { readonly kind: "exists" }
  | { readonly kind: "fenced" };

/**
 * Records a fire as a `queued` execution (origin `schedule`, linked to its schedule,
 * with its instant, fire key and lateness) and puts it on its queue, as a queued run of
 * its command is placed: the command's queue and priority, run as the schedule's user.
 *
 * The INSERT goes out only while `fence()` holds (asked with a connection in hand), and
 * `execution.fire_key` is unique: of replicas (or one replica after a clock jump) trying
 * the same instant, exactly one INSERT succeeds; the others answer `exists`. Putting the
 * job on the transport is not awaited here (`queued` settles when it is on): the row is
 * the truth, and the reaper puts a row the transport missed back on its queue.
 */
export async function fireExecution(
  parts: RuntimeParts,
  fire: Fire,
  fence: Fence,
): Promise<FireOutcome> {
  const { command, parameters, secrets } = fire.target;
  const queue = command.queue ?? DEFAULT_QUEUE;
  const priority = command.priority ?? 0;
  let execution: string | undefined;
  try {
    await parts.gate();
    execution = await retryWhileBusy(() =>
      parts.table.insertFenced(
        {
          command: command.name,
          parameters,
          user: fire.schedule.user,
          origin: "schedule",
          status: "queued",
          queue,
          priority,
          queued: new Date().toISOString(),
          schedule: String(fire.schedule.id),
          scheduledFor: new Date(fire.instant).toISOString(),
          fireKey: fireKey(fire.schedule.name, fire.instant),
          latenessMs: Math.max(0, Math.round(fire.now - fire.instant)),
          firedBy: fire.firedBy,
          // Not claimable before its secrets are sealed (they need the row's id).
          ...(secrets === undefined ? {} : { notBefore: sealingDeadline() }),
        },
        fence,
      ),
    );
  } catch (error) {
    if (violationOf(error) === "unique") return { kind: "exists" };
    throw error;
  }
  if (execution === undefined) return { kind: "fenced" };
  const id = execution;
  if (secrets !== undefined) await parts.table.sealSecrets(id, secrets);
  const queued = parts.transport
    .enqueue({ execution: id, queue, priority })
    .catch((error: unknown) => {
      process.emitWarning(`cannot put execution ${id} on queue '${queue}' now: ${String(error)}`);
    });
  return { kind: "fired", execution: id, queued };
}
