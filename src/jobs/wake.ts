/**
 * @module In-process wake-up: `enqueueJob` signals the workers of the same process that use the same
 * database handle, so a job enqueued by the API starts at once instead of at the next poll. Workers in
 * other processes still find it by polling. Keyed by the `Db` handle in a WeakMap: no global registry
 * outlives the handle.
 */
import type { Queryable } from '../store/db.js';

const listeners = new WeakMap<Queryable, Set<() => void>>();

/**
 * Subscribes to enqueue events on a database handle.
 * @param db - the handle jobs are enqueued through
 * @param fn - called after each enqueue
 * @returns unsubscribe
 */
export function onJobEnqueued(db: Queryable, fn: () => void): () => void {
  let set = listeners.get(db);
  if (set === undefined) {
    set = new Set();
    listeners.set(db, set);
  }
  set.add(fn);
  return () => void set.delete(fn);
}

/**
 * Wakes the workers listening on `db`.
 * @param db - the handle the job was enqueued through
 */
export function notifyJobEnqueued(db: Queryable): void {
  for (const fn of listeners.get(db) ?? []) fn();
}
