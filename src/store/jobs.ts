/**
 * @module The job queue's SQL: one function per operation, the same statements on PGlite and
 * PostgreSQL. Claiming uses `select … for update skip locked` so concurrent workers (threads or
 * processes) never take the same job; a claim is a lease (`locked_by`, `locked_until`) identified by
 * `locked_by` + `attempts`, and only the holder of the current lease can renew, complete or fail it.
 * All times come from the database clock (`now()`), so nodes with skewed clocks agree.
 */
import type { Queryable } from './db.js';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface JobRow {
  id: number;
  task: string;
  payload: unknown;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  lockedBy: string | null;
  lastError: string | null;
}

/** The lease a worker holds on a claimed job; passed back to renew, complete or fail it. */
export interface Lease {
  jobId: number;
  workerId: string;
  attempt: number;
}

/** Every column but `id` (ambiguous in `update … from`), aliased to JobRow. */
const FIELDS = `task, payload, status, attempts, max_attempts as "maxAttempts",
  locked_by as "lockedBy", last_error as "lastError"`;

export interface EnqueueOptions {
  /** At most one unfinished job per key: enqueueing again while one is queued/running is a no-op. */
  key?: string;
  /** Delay before the job may run, in milliseconds. */
  delayMs?: number;
  maxAttempts?: number;
}

/**
 * Adds a job.
 * @param db - database or transaction
 * @param task - task name
 * @param payload - JSON payload
 * @param opts - de-duplication key, delay, attempts
 * @returns the job id (the existing one when `key` matched an unfinished job)
 */
export async function insertJob(
  db: Queryable,
  task: string,
  payload: unknown,
  opts: EnqueueOptions = {},
): Promise<number> {
  const r = await db.query<{ id: number }>(
    `insert into jobs (task, payload, job_key, run_at, max_attempts)
     values ($1, $2, $3, now() + $4 * interval '1 millisecond', $5)
     on conflict (job_key) where job_key is not null and status in ('queued', 'running') do nothing
     returning id`,
    [task, JSON.stringify(payload), opts.key ?? null, opts.delayMs ?? 0, opts.maxAttempts ?? 5],
  );
  if (r.rows[0] !== undefined) return r.rows[0].id;
  const existing = await db.query<{ id: number }>(
    `select id from jobs where job_key = $1 and status in ('queued', 'running')`,
    [opts.key],
  );
  const id = existing.rows[0]?.id;
  if (id === undefined) return insertJob(db, task, payload, opts); // finished between the two statements
  return id;
}

/**
 * Fails, for good, running jobs whose lease expired on their last allowed attempt (the worker died
 * every time), so they are not retried forever.
 * @param db - database
 * @returns the ids of the jobs failed now
 */
export async function failExhaustedJobs(db: Queryable): Promise<number[]> {
  const r = await db.query<{ id: number }>(
    `update jobs set status = 'failed', locked_by = null, locked_until = null, finished_at = now(),
       updated_at = now(),
       last_error = 'The worker stopped (crash or kill) during each of the ' || attempts || ' attempts'
     where status = 'running' and locked_until < now() and attempts >= max_attempts
     returning id`,
  );
  return r.rows.map((row) => row.id);
}

/**
 * Ends every lease at once, so the running jobs are taken over by the next claim instead of after
 * their lease runs out. Only for a database one process owns (the embedded one), at start-up: the
 * process that held those leases is gone (killed, crashed), since no other can open the database.
 * Their attempts stay counted.
 * @param db - database
 * @returns how many jobs were released
 */
export async function expireAllLeases(db: Queryable): Promise<number> {
  const r = await db.query(
    `update jobs set locked_until = now() - interval '1 millisecond', updated_at = now()
     where status = 'running'`,
  );
  return r.rowCount;
}

/**
 * Claims up to `limit` ready jobs: queued and due, or running with an expired lease (taken over).
 * @param db - database
 * @param workerId - unique id of the claiming worker
 * @param limit - maximum number of jobs
 * @param leaseMs - lease length; the worker renews it while the job runs
 * @param tasks - task names this worker can run
 */
export async function claimJobs(
  db: Queryable,
  workerId: string,
  limit: number,
  leaseMs: number,
  tasks: readonly string[],
): Promise<JobRow[]> {
  const r = await db.query<JobRow>(
    `with next as (
       select id from jobs
       where task = any($4::text[])
         and ((status = 'queued' and run_at <= now())
           or (status = 'running' and locked_until < now() and attempts < max_attempts))
       order by run_at, id
       limit $2
       for update skip locked
     )
     update jobs j set status = 'running', locked_by = $1, attempts = j.attempts + 1,
       locked_until = now() + $3 * interval '1 millisecond', updated_at = now()
     from next where j.id = next.id
     returning j.id, ${FIELDS}`,
    [workerId, limit, leaseMs, tasks],
  );
  return r.rows;
}

const HOLDS_LEASE = `id = $1 and locked_by = $2 and attempts = $3 and status = 'running'`;

/**
 * Extends a lease (heartbeat).
 * @param db - database
 * @param lease - the lease to renew
 * @param leaseMs - new lease length from now
 * @returns false when the lease was lost (expired and taken over): the worker must stop the job
 */
export async function renewLease(db: Queryable, lease: Lease, leaseMs: number): Promise<boolean> {
  const r = await db.query(
    `update jobs set locked_until = now() + $4 * interval '1 millisecond', updated_at = now()
     where ${HOLDS_LEASE}`,
    [lease.jobId, lease.workerId, lease.attempt, leaseMs],
  );
  return r.rowCount === 1;
}

/**
 * Marks a job done, only if the caller still holds its lease: a job completes once.
 * @param db - database
 * @param lease - the lease held
 * @returns false when the lease was lost
 */
export async function completeJob(db: Queryable, lease: Lease): Promise<boolean> {
  const r = await db.query(
    `update jobs set status = 'done', locked_by = null, locked_until = null, last_error = null,
       finished_at = now(), updated_at = now()
     where ${HOLDS_LEASE}`,
    [lease.jobId, lease.workerId, lease.attempt],
  );
  return r.rowCount === 1;
}

/**
 * Records a failed attempt, only if the caller still holds the lease: the job is queued again after
 * `retryInMs`, or failed for good when `retryInMs` is null or the attempts are used up.
 * @param db - database
 * @param lease - the lease held
 * @param message - what went wrong, shown in the UI when final
 * @param retryInMs - backoff before the next attempt, null for a permanent error
 * @returns the resulting status, or null when the lease was lost
 */
export async function failJobAttempt(
  db: Queryable,
  lease: Lease,
  message: string,
  retryInMs: number | null,
): Promise<'queued' | 'failed' | null> {
  const r = await db.query<{ status: 'queued' | 'failed' }>(
    `update jobs set
       status = case when $5::integer is null or attempts >= max_attempts then 'failed' else 'queued' end,
       run_at = now() + coalesce($5::integer, 0) * interval '1 millisecond',
       finished_at = case when $5::integer is null or attempts >= max_attempts then now() end,
       locked_by = null, locked_until = null, last_error = $4, updated_at = now()
     where ${HOLDS_LEASE}
     returning status`,
    [lease.jobId, lease.workerId, lease.attempt, message.slice(0, 2000), retryInMs],
  );
  return r.rows[0]?.status ?? null;
}

/**
 * Reads one job.
 * @param db - database
 * @param id - job id
 */
export async function getJob(db: Queryable, id: number): Promise<JobRow | null> {
  const r = await db.query<JobRow>(`select id, ${FIELDS} from jobs where id = $1`, [id]);
  return r.rows[0] ?? null;
}
