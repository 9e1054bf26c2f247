import type { ProjectSpec } from "../../spec/project-spec.js";
import type { RecordStore } from "../storage/records/record-store.js";

/** Thrown inside the transaction to roll it back; never seen outside. */
const ROLLBACK = new Error("rolled back");

/**
 * A command's transaction, begun on the handler's first data access rather than
 * before the handler starts. Everything the handler reads and writes still commits
 * together or not at all, but a handler that never touches data (a notification, a
 * call to another service, a no-op) costs no BEGIN and COMMIT round trips.
 */
export class LazyTransaction {
  readonly #root: RecordStore;
  /** The open transaction's store, once something asked for it. */
  #begun: Promise<RecordStore> | undefined;
  /** Ends the transaction's work: commit, or roll back. */
  #settle: ((commit: boolean) => void) | undefined;
  /** How the transaction ended: undefined, or the error of its BEGIN or COMMIT. */
  #ended: Promise<unknown> = Promise.resolve(undefined);
  /** The store the handler uses: each call first joins (or begins) the transaction. */
  readonly store: RecordStore;

  constructor(root: RecordStore) {
    this.#root = root;
    this.store = deferredStore(root.spec, () => this.#open());
  }

  #open(): Promise<RecordStore> {
    this.#begun ??= new Promise<RecordStore>((resolve, reject) => {
      this.#ended = this.#root
        .transaction(
          (tx) =>
            new Promise<void>((done, fail) => {
              this.#settle = (commit) => {
                if (commit) done();
                else fail(ROLLBACK);
              };
              resolve(tx);
            }),
        )
        .then(
          () => undefined,
          (error: unknown) => {
            if (error === ROLLBACK) return undefined;
            reject(error instanceof Error ? error : new Error(String(error)));
            return error;
          },
        );
    });
    return this.#begun;
  }

  /**
   * Commits (or rolls back) what the handler did; nothing when it never touched data.
   * Throws when the commit fails, so the run fails rather than reporting lost writes.
   */
  async end(commit: boolean): Promise<void> {
    if (this.#begun === undefined) return;
    this.#settle?.(commit);
    const error = await this.#ended;
    if (error !== undefined && commit)
      throw error instanceof Error ? error : new Error("the transaction failed", { cause: error });
  }
}

/** A store whose every call first awaits `open()` (which begins or joins the transaction). */
function deferredStore(spec: ProjectSpec, open: () => Promise<RecordStore>): RecordStore {
  return {
    spec,
    list: async (model, options) => (await open()).list(model, options),
    count: async (model, options) => (await open()).count(model, options),
    get: async (model, key) => (await open()).get(model, key),
    save: async (model, key, values) => (await open()).save(model, key, values),
    saveMany: async (model, rows) => (await open()).saveMany(model, rows),
    remove: async (model, key) => (await open()).remove(model, key),
    clear: async (model, options) => (await open()).clear(model, options),
    withSpec: (view) => deferredStore(view, async () => (await open()).withSpec(view)),
    transaction: async (work) => (await open()).transaction(work),
  };
}
