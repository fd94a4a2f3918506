/**
 * @module Enqueueing: inserts the job row and wakes in-process workers. Call it with the database
 * handle, not a transaction, unless the caller commits before the job may start (a worker woken
 * before the commit simply finds nothing and polls again).
 */
import type { Queryable } from '../store/db.js';
import { insertJob, type EnqueueOptions } from '../store/jobs.js';
import { notifyJobEnqueued } from './wake.js';

/**
 * Enqueues a job.
 * @param db - database (or transaction)
 * @param task - task name
 * @param payload - the task's payload
 * @param opts - key, delay, attempts
 * @returns the job id
 */
export async function enqueueJob(
  db: Queryable,
  task: string,
  payload: unknown,
  opts: EnqueueOptions = {},
): Promise<number> {
  const id = await insertJob(db, task, payload, opts);
  notifyJobEnqueued(db);
  return id;
}
