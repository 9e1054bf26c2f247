import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { RecordRow, RecordStore } from "../../engines/storage/records/record-store.js";
import type { CairnError } from "../../foundations/cairn-error.js";
import { ExecutionAborted, LockHeld, RecordConflict } from "../../foundations/error-codes.js";
import { retryWhileBusy } from "../messages/is-busy-error.js";
import { LOCK_WAIT } from "./lock-wait.js";
import { LockLease, type LeaseTimings } from "./lock-lease.js";
import { abortablePause } from "../abortable-pause.js";

export interface LockTimings extends LeaseTimings {
  /** How often a start waiting for a lock tries again. */
  readonly retryMs: number;
}

export interface LockRequest {
  /** The command asking, for messages. */
  readonly command: string;
  /** The lock's name (`lock:` in the spec). */
  readonly name: string;
  /** How long to keep trying (`_lock_wait`); 0 tries once. */
  readonly waitMs: number;
  readonly signal?: AbortSignal | undefined;
  /** Whether to wait for SQLite's writer gate (not for nested runs, whose parent holds it). */
  readonly gated: boolean;
}

const WORKER = `${hostname()}:${String(process.pid)}`;

function lockHeld(request: LockRequest, holder: RecordRow | undefined): CairnError {
  const held = holder?.execution;
  const execution = typeof held === "number" || typeof held === "string" ? String(held) : null;
  const by = execution === null ? "an execution that is starting" : `execution ${execution}`;
  const where = typeof holder?.worker === "string" ? ` on ${holder.worker}` : "";
  const waited = request.waitMs > 0 ? ` after waiting ${String(request.waitMs / 1000)} s` : "";
  return LockHeld.create(
    `'${request.command}' cannot start: its lock '${request.name}' is held by ${by}${where}${waited}`,
    {
      hint: `Wait for that execution to end (or abort it), or give ${LOCK_WAIT}=SECONDS ("${LOCK_WAIT}": SECONDS in JSON) to wait for the lock.`,
      details: {
        lock: request.name,
        execution,
        worker: holder?.worker ?? null,
        acquired: holder?.acquired ?? null,
        expires: holder?.expires ?? null,
      },
    },
  );
}

/**
 * Command locks as rows of the core `lock` model, so they hold across processes and
 * machines on one database. Taking a lock inserts its row: the unique `name` makes
 * exactly one of racing inserts win. A lock whose lease expired (its holder crashed or
 * stalled) is deleted by a delete conditional on the expiry, then inserted afresh, so
 * racing takers again leave one winner. Expiry compares the clocks of the machines.
 */
export class CommandLocks {
  readonly #store: RecordStore;
  readonly #gate: () => Promise<void> | undefined;
  readonly #timings: LockTimings;
  readonly #held = new Set<LockLease>();

  constructor(store: RecordStore, gate: () => Promise<void> | undefined, timings: LockTimings) {
    this.#store = store;
    this.#gate = gate;
    this.#timings = timings;
  }

  /** Takes the lock, trying again for up to `waitMs`; CAIRN_LOCK_HELD when it stays held. */
  async acquire(request: LockRequest): Promise<LockLease> {
    const deadline = Date.now() + request.waitMs;
    for (;;) {
      if (request.gated) await this.#gate();
      const attempt = await this.#attempt(request);
      if (attempt instanceof LockLease) return attempt;
      if (attempt === undefined) continue; // released meanwhile: try again at once
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw lockHeld(request, attempt);
      await abortablePause(Math.min(this.#timings.retryMs, remaining), request.signal);
      if (request.signal?.aborted === true) {
        throw ExecutionAborted.create(
          `'${request.command}' was aborted while waiting for its lock '${request.name}'`,
        );
      }
    }
  }

  /** Stops renewing every lock still held (the runtime is closing; their leases run out). */
  close(): void {
    for (const lease of this.#held) lease.stop();
    this.#held.clear();
  }

  /** The lease when taken, else the holder's row (undefined when it just went away). */
  async #attempt(request: LockRequest): Promise<LockLease | RecordRow | undefined> {
    const holder = randomUUID();
    const name = request.name;
    const taken = await this.#insert(name, holder, request.gated);
    if (taken !== undefined) return taken;
    const expired = await retryWhileBusy(() =>
      this.#store.clear("lock", {
        filters: [
          { path: "name", value: name },
          { path: "expires__lt", value: new Date().toISOString() },
        ],
      }),
    );
    if (expired > 0) {
      const retaken = await this.#insert(name, holder, request.gated);
      if (retaken !== undefined) return retaken;
    }
    const [row] = await this.#store.list("lock", {
      filters: [{ path: "name", value: name }],
      limit: 1,
    });
    return row;
  }

  async #insert(name: string, holder: string, gated: boolean): Promise<LockLease | undefined> {
    const now = Date.now();
    try {
      const { row } = await retryWhileBusy(() =>
        this.#store.save(
          "lock",
          { key: "" },
          {
            name,
            holder,
            worker: WORKER,
            acquired: new Date(now).toISOString(),
            expires: new Date(now + this.#timings.leaseMs).toISOString(),
          },
        ),
      );
      const lease = new LockLease(
        this.#store,
        { id: String(row.id), name, holder },
        this.#timings,
        gated ? this.#gate : () => undefined,
        () => this.#held.delete(lease),
      );
      this.#held.add(lease);
      return lease;
    } catch (error) {
      if (RecordConflict.is(error)) return undefined;
      throw error;
    }
  }
}
