/**
 * @module Group commit for the context call: concurrent calls are sent to the database as one
 * multi-row statement (`insertContextSessions`) instead of one statement each. At most `maxInFlight`
 * statements run at a time; calls arriving meanwhile wait for the next one, so under load a statement
 * carries every call that arrived while the previous one ran, and an idle server adds no wait beyond
 * the end of the current event-loop turn.
 *
 * Same semantics as one statement per call: each call gets its own outcome (a revoked key, a disabled
 * user or a vanished facility only concerns that call). If a grouped statement fails as a whole (a
 * constraint broken by one call, a lost connection), nothing of it was written and its calls are
 * retried one by one, so each gets its own outcome or error.
 */
import type { Queryable } from '../store/db.js';
import {
  insertContextSession,
  insertContextSessions,
  type ContextSessionInput,
  type ContextSessionOutcome,
} from './insert-context-session.js';

export interface ContextSessionBatcher {
  /**
   * Inserts one call's session, grouped with the calls made at the same time.
   * @param call - session fields and the user's rpps
   */
  insert(this: void, call: ContextSessionInput): Promise<ContextSessionOutcome>;
}

export interface BatcherOptions {
  /** Most calls in one statement (default 200). */
  maxBatch?: number;
  /** Most statements running at once (default 2: this uses at most that many pool connections). */
  maxInFlight?: number;
}

/**
 * The limits that suit each database, as measured by bench/scan-token.ts (50 connections):
 * - PostgreSQL: small statements, several at once. One statement carrying every waiting call leaves
 *   the server thread idle while the database writes it (all clients are waiting on it); with groups
 *   of 10 and 3 statements at once, the thread answers one group while the database writes the next
 *   (scan-token at ~40-45 % of the bare route with groups of up to 200, ~55-65 % with groups of 10).
 * - PGlite: one large statement (the embedded database runs in this thread, on one connection, so
 *   nothing overlaps, and each statement has a fixed cost): ~30 % with 200, ~21 % with 10.
 * @param kind - the database kind
 */
export function batcherOptionsFor(kind: 'pglite' | 'postgres'): Required<BatcherOptions> {
  return kind === 'postgres' ? { maxBatch: 10, maxInFlight: 3 } : { maxBatch: 200, maxInFlight: 1 };
}

interface Waiter {
  call: ContextSessionInput;
  resolve(outcome: ContextSessionOutcome): void;
  reject(err: unknown): void;
}

/**
 * @returns a batcher inserting context sessions into `db`
 * @param db - database (a pool: statements of different batches may run on different connections)
 * @param opts - batch size and concurrency limits
 */
export function createContextSessionBatcher(db: Queryable, opts: BatcherOptions = {}): ContextSessionBatcher {
  const maxBatch = Math.max(1, opts.maxBatch ?? 200);
  const maxInFlight = Math.max(1, opts.maxInFlight ?? 2);
  const pending: Waiter[] = [];
  let inFlight = 0;
  let scheduled = false;

  const schedule = (): void => {
    if (scheduled || pending.length === 0 || inFlight >= maxInFlight) return;
    scheduled = true;
    setImmediate(flush);
  };

  const flush = (): void => {
    scheduled = false;
    while (pending.length > 0 && inFlight < maxInFlight) {
      const batch = pending.splice(0, maxBatch);
      inFlight += 1;
      void run(batch).finally(() => {
        inFlight -= 1;
        schedule();
      });
    }
  };

  const run = async (batch: Waiter[]): Promise<void> => {
    let outcomes: ContextSessionOutcome[];
    try {
      outcomes = await insertContextSessions(
        db,
        batch.map((w) => w.call),
      );
    } catch (err) {
      if (batch.length === 1) {
        batch[0]?.reject(err);
        return;
      }
      await Promise.all(batch.map(runAlone));
      return;
    }
    batch.forEach((w, i) => w.resolve(outcomes[i] as ContextSessionOutcome));
  };

  const runAlone = async (w: Waiter): Promise<void> => {
    try {
      w.resolve(await insertContextSession(db, w.call));
    } catch (err) {
      w.reject(err);
    }
  };

  return {
    insert(call) {
      return new Promise<ContextSessionOutcome>((resolve, reject) => {
        pending.push({ call, resolve, reject });
        schedule();
      });
    },
  };
}
