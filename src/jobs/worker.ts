/**
 * @module The job worker: polls the queue (and wakes at once on an in-process enqueue), runs up to
 * `concurrency` jobs at a time, renews each job's lease while it runs, and records the outcome only
 * while still holding the lease. A worker that dies (SIGKILL, OOM, power loss) loses nothing: its
 * leases expire and any worker takes the jobs over. Run it in the server process (embedded
 * database) or as separate `ordoscan worker` processes (PostgreSQL).
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Db } from '../store/db.js';
import {
  claimJobs,
  completeJob,
  failExhaustedJobs,
  failJobAttempt,
  getJob,
  renewLease,
  type JobRow,
  type Lease,
} from '../store/jobs.js';
import { backoffMs, classifyError } from './errors.js';
import { silentLogger, type JobLogger, type RunContext, type Task } from './task.js';
import { onJobEnqueued } from './wake.js';

export interface WorkerOptions<D> {
  db: Db;
  tasks: readonly Task<unknown, D>[];
  /** Dependencies handed to every task (scan engine, …). */
  deps: D;
  /** Jobs run at once (default 1). */
  concurrency?: number;
  /** Poll interval when idle (default 500 ms). */
  pollMs?: number;
  /** Lease length (default 30 s); renewed every `leaseMs / 3`. */
  leaseMs?: number;
  /** Unique id (default host:pid:random). */
  workerId?: string;
  /** Retry delay after a failed attempt (default exponential from 1 s, capped at 5 min). */
  backoff?: (attempt: number) => number;
  log?: JobLogger;
}

class LeaseLostError extends Error {
  constructor() {
    super('The job lease was lost (expired and taken over by another worker)');
  }
}

/** Polls the queue and runs jobs; `start()` then `stop()`. */
export class Worker<D> {
  readonly id: string;
  private readonly db: Db;
  private readonly tasks: Map<string, Task<unknown, D>>;
  private readonly deps: D;
  private readonly concurrency: number;
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly backoff: (attempt: number) => number;
  private readonly log: JobLogger;
  private readonly active = new Map<number, { done: Promise<void>; abort: AbortController }>();
  private timer: NodeJS.Timeout | null = null;
  /** The poll in progress, if any: `stop()` waits for it so no claim lands after stop. */
  private ticking: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private unsubscribe: () => void = () => undefined;

  /** @param opts - database, tasks, dependencies and tuning */
  constructor(opts: WorkerOptions<D>) {
    this.db = opts.db;
    this.tasks = new Map(opts.tasks.map((t) => [t.name, t]));
    this.deps = opts.deps;
    this.concurrency = Math.max(1, opts.concurrency ?? 1);
    this.pollMs = opts.pollMs ?? 500;
    this.leaseMs = opts.leaseMs ?? 30_000;
    this.backoff = opts.backoff ?? ((attempt) => backoffMs(attempt));
    this.log = opts.log ?? silentLogger;
    this.id = opts.workerId ?? `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  }

  /** Number of jobs running now. */
  get running(): number {
    return this.active.size;
  }

  /** Starts polling. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.unsubscribe = onJobEnqueued(this.db, () => this.wake());
    this.wake();
  }

  /** Looks for jobs now instead of at the next poll. */
  wake(): void {
    if (this.stopped) return;
    if (this.ticking !== null) {
      this.again = true;
      return;
    }
    this.again = false;
    this.ticking = this.tick().finally(() => {
      this.ticking = null;
      if (this.again) this.wake(); // woken after the last claim of that poll
    });
  }

  /**
   * Stops taking jobs and waits for the running ones. After `graceMs`, running jobs are aborted and
   * released for another worker (their attempt counts).
   * @param graceMs - how long to wait for running jobs (default: as long as they take)
   */
  async stop(graceMs = Infinity): Promise<void> {
    this.stopped = true;
    this.unsubscribe();
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await this.ticking;
    const all = Promise.all([...this.active.values()].map((a) => a.done));
    if (Number.isFinite(graceMs)) {
      let t: NodeJS.Timeout | undefined;
      const late = await Promise.race([
        all.then(() => false),
        new Promise<boolean>((r) => (t = setTimeout(() => r(true), graceMs))),
      ]);
      clearTimeout(t);
      if (late) for (const a of this.active.values()) a.abort.abort(new Error('The worker is stopping'));
    }
    await all;
  }

  private async tick(): Promise<void> {
    try {
      do {
        const free = this.concurrency - this.active.size;
        if (free <= 0 || this.stopped) break;
        await this.sweepExhausted();
        if (this.stopped) break;
        const jobs = await claimJobs(this.db, this.id, free, this.leaseMs, [...this.tasks.keys()]);
        for (const job of jobs) this.launch(job);
      } while (!this.stopped && this.active.size < this.concurrency && this.takeAgain());
    } catch (err) {
      this.log.error({ err, worker: this.id }, 'job queue poll failed');
    }
    if (!this.stopped) {
      if (this.timer !== null) clearTimeout(this.timer);
      this.timer = setTimeout(() => this.wake(), this.pollMs);
      this.timer.unref();
    }
  }

  /** @returns whether a wake-up arrived during the last claim (and clears it) */
  private takeAgain(): boolean {
    const again = this.again;
    this.again = false;
    return again;
  }

  /** Fails jobs whose worker died on every attempt, and lets their task record the failure. */
  private async sweepExhausted(): Promise<void> {
    for (const id of await failExhaustedJobs(this.db)) {
      const job = await getJob(this.db, id);
      const task = job === null ? undefined : this.tasks.get(job.task);
      if (job === null || task === undefined) continue;
      this.log.warn({ job: id, task: job.task }, 'job failed: its worker stopped on every attempt');
      await this.recordFailure(task, job, job.lastError ?? 'The worker stopped');
    }
  }

  private launch(job: JobRow): void {
    const abort = new AbortController();
    const done = this.runJob(job, abort).finally(() => {
      this.active.delete(job.id);
      this.wake();
    });
    this.active.set(job.id, { done, abort });
  }

  private async runJob(job: JobRow, abort: AbortController): Promise<void> {
    const lease: Lease = { jobId: job.id, workerId: this.id, attempt: job.attempts };
    const task = this.tasks.get(job.task);
    if (task === undefined) return; // not claimable: claimJobs filters on our task names
    const heartbeat = setInterval(
      () => {
        renewLease(this.db, lease, this.leaseMs).then(
          (held) => {
            if (!held) abort.abort(new LeaseLostError());
          },
          (err: unknown) => this.log.warn({ err, job: job.id }, 'lease renewal failed'),
        );
      },
      Math.max(50, Math.floor(this.leaseMs / 3)),
    );
    const started = Date.now();
    try {
      const payload = task.parsePayload(job.payload);
      const ctx: RunContext = { db: this.db, signal: abort.signal, jobId: job.id, attempt: job.attempts };
      await task.run(payload, { ...this.deps, ...ctx });
      if (abort.signal.aborted) throw abort.signal.reason;
      const held = await completeJob(this.db, lease);
      this.log.info({ job: job.id, task: job.task, ms: Date.now() - started, held }, 'job done');
    } catch (err) {
      await this.handleFailure(task, job, lease, abort.signal.aborted ? abort.signal.reason : err);
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async handleFailure(
    task: Task<unknown, D>,
    job: JobRow,
    lease: Lease,
    err: unknown,
  ): Promise<void> {
    if (err instanceof LeaseLostError) {
      this.log.warn({ job: job.id, task: job.task }, err.message);
      return;
    }
    const verdict = classifyError(err);
    const retryIn = verdict.retryable ? this.backoff(job.attempts) : null;
    try {
      const status = await failJobAttempt(this.db, lease, verdict.message, retryIn);
      this.log.warn({ job: job.id, task: job.task, err, status, retryIn }, 'job attempt failed');
      if (status === 'failed') await this.recordFailure(task, job, verdict.message);
    } catch (dbErr) {
      // The lease will expire and another attempt will run.
      this.log.error({ err: dbErr, job: job.id }, 'could not record a job failure');
    }
  }

  private async recordFailure(task: Task<unknown, D>, job: JobRow, message: string): Promise<void> {
    if (task.onFailure === undefined) return;
    try {
      await task.onFailure(task.parsePayload(job.payload), message, { ...this.deps, db: this.db });
    } catch (err) {
      this.log.error({ err, job: job.id }, 'job failure handler failed');
    }
  }
}
