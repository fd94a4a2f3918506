/**
 * @module The shape of a job task: one file per task under `tasks/`, each exporting a `Task`.
 * Tasks must be idempotent and re-read the state they act on first: a job may run more than once
 * (a worker killed after the work but before completion, or a lease that expired mid-run).
 */
import type { Db } from '../store/db.js';

/** What every task receives besides its own dependencies. */
export interface RunContext {
  db: Db;
  /** Aborted when the worker lost the lease or is stopping: stop as soon as convenient. */
  signal: AbortSignal;
  jobId: number;
  /** 1 for the first attempt. */
  attempt: number;
}

export interface Task<P, D> {
  /** Stored in `jobs.task`. */
  readonly name: string;
  /**
   * Checks a stored payload.
   * @throws AppError `invalid` (the job then fails for good)
   */
  parsePayload(raw: unknown): P;
  /** Does the work. Throwing fails the attempt (retried or final, see `errors.ts`). */
  run(payload: P, deps: D & RunContext): Promise<void>;
  /** Called once when the job failed for good, to record the failure where users see it. */
  onFailure?(payload: P, message: string, deps: D & { db: Db }): Promise<void>;
}

/** A minimal logger, satisfied by pino (Fastify's `app.log`). */
export interface JobLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** A logger that drops everything. */
export const silentLogger: JobLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
