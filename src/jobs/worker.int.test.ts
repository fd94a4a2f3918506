import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../../test/helpers/db.js';
import { AppError } from '../errors.js';
import type { Db } from '../store/db.js';
import { claimJobs, completeJob, getJob, insertJob } from '../store/jobs.js';
import { enqueueJob } from './queue.js';
import type { Task } from './task.js';
import { Worker } from './worker.js';

interface Payload {
  tag: string;
  /** Throw this many times before succeeding. */
  failTimes?: number;
  permanent?: boolean;
  sleepMs?: number;
}

interface Deps {
  runs: Map<string, number>;
  failures: Map<string, string>;
  concurrent: { now: number; max: number };
}

/** A task that records its effect in the database, idempotently (re-reads state first). */
const recordTask: Task<Payload, Deps> = {
  name: 'test-record',
  parsePayload(raw) {
    const p = raw as Payload;
    if (typeof p.tag !== 'string') throw new AppError('invalid', 'tag missing');
    return p;
  },
  async run(p, deps) {
    const n = (deps.runs.get(p.tag) ?? 0) + 1;
    deps.runs.set(p.tag, n);
    deps.concurrent.now += 1;
    deps.concurrent.max = Math.max(deps.concurrent.max, deps.concurrent.now);
    try {
      if (p.sleepMs !== undefined) await new Promise((r) => setTimeout(r, p.sleepMs));
      if (n <= (p.failTimes ?? 0)) {
        throw p.permanent === true
          ? new AppError('invalid', `bad input ${p.tag}`)
          : new Error(`flaky ${p.tag}`);
      }
      await deps.db.query('insert into t_effects (tag) values ($1) on conflict do nothing', [p.tag]);
    } finally {
      deps.concurrent.now -= 1;
    }
  },
  onFailure(p, message, deps) {
    deps.failures.set(p.tag, message);
    return Promise.resolve();
  },
};

async function until(cond: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('job queue and worker', () => {
  let db: Db;
  const deps = (): Deps => ({ runs: new Map(), failures: new Map(), concurrent: { now: 0, max: 0 } });
  const jobStatus = async (id: number): Promise<string | undefined> => (await getJob(db, id))?.status;

  beforeAll(async () => {
    db = await createTestDb();
    await db.query('create table t_effects (tag text primary key)');
  });
  afterAll(() => db.close());

  it('starts an enqueued job at once (in-process wake-up) and completes it once', async () => {
    const d = deps();
    const w = new Worker({ db, tasks: [recordTask], deps: d, pollMs: 60_000 });
    w.start();
    await new Promise((r) => setTimeout(r, 100)); // first (empty) poll done; next one in 60 s
    const id = await enqueueJob(db, 'test-record', { tag: 'wake' });
    await until(async () => (await jobStatus(id)) === 'done', 3000);
    await w.stop();
    expect(d.runs.get('wake')).toBe(1);
    expect((await getJob(db, id))?.attempts).toBe(1);
  });

  it('runs up to `concurrency` jobs at once', async () => {
    const d = deps();
    const ids = await Promise.all(
      [1, 2, 3, 4, 5, 6].map((i) => insertJob(db, 'test-record', { tag: `conc-${i}`, sleepMs: 150 })),
    );
    const w = new Worker({ db, tasks: [recordTask], deps: d, concurrency: 3, pollMs: 20 });
    w.start();
    await until(async () => (await Promise.all(ids.map(jobStatus))).every((s) => s === 'done'));
    await w.stop();
    expect(d.concurrent.max).toBe(3);
  });

  it('retries a transient error with backoff, then succeeds', async () => {
    const d = deps();
    const id = await insertJob(db, 'test-record', { tag: 'flaky', failTimes: 2 });
    const w = new Worker({ db, tasks: [recordTask], deps: d, pollMs: 20, backoff: () => 50 });
    w.start();
    await until(async () => (await jobStatus(id)) === 'done');
    await w.stop();
    const job = await getJob(db, id);
    expect(job).toMatchObject({ attempts: 3, lastError: null });
    expect(d.failures.size).toBe(0);
  });

  it('fails a permanent error at once, stores the message and calls onFailure', async () => {
    const d = deps();
    const id = await insertJob(db, 'test-record', { tag: 'perm', failTimes: 1, permanent: true });
    const w = new Worker({ db, tasks: [recordTask], deps: d, pollMs: 20, backoff: () => 10 });
    w.start();
    await until(async () => (await jobStatus(id)) === 'failed');
    await w.stop();
    expect(await getJob(db, id)).toMatchObject({ attempts: 1, lastError: 'bad input perm' });
    expect(d.failures.get('perm')).toBe('bad input perm');
  });

  it('fails for good once max_attempts transient failures are used up', async () => {
    const d = deps();
    const id = await insertJob(db, 'test-record', { tag: 'exhaust', failTimes: 99 }, { maxAttempts: 3 });
    const w = new Worker({ db, tasks: [recordTask], deps: d, pollMs: 20, backoff: () => 10 });
    w.start();
    await until(async () => (await jobStatus(id)) === 'failed');
    await w.stop();
    expect(await getJob(db, id)).toMatchObject({ attempts: 3, lastError: 'flaky exhaust' });
    expect(d.runs.get('exhaust')).toBe(3);
    expect(d.failures.get('exhaust')).toBe('flaky exhaust');
  });

  it('takes over a job whose lease expired and completes it exactly once', async () => {
    const id = await insertJob(db, 'test-record', { tag: 'takeover' });
    // A worker claims the job with a short lease and dies (never renews, never completes).
    const [claimed] = await claimJobs(db, 'dead-worker', 1, 150, ['test-record']);
    expect(claimed?.id).toBe(id);
    const d = deps();
    const w = new Worker({ db, tasks: [recordTask], deps: d, pollMs: 30 });
    w.start();
    await new Promise((r) => setTimeout(r, 80));
    expect(d.runs.get('takeover')).toBeUndefined(); // still leased to the dead worker
    await until(async () => (await jobStatus(id)) === 'done');
    await w.stop();
    expect(d.runs.get('takeover')).toBe(1);
    expect(await getJob(db, id)).toMatchObject({ attempts: 2, status: 'done' });
    // The dead worker comes back: its completion is refused.
    expect(await completeJob(db, { jobId: id, workerId: 'dead-worker', attempt: 1 })).toBe(false);
    const effects = await db.query('select count(*)::int as n from t_effects where tag = $1', ['takeover']);
    expect(effects.rows).toEqual([{ n: 1 }]);
  });

  it('fails a job whose worker died on every attempt', async () => {
    const d = deps();
    const id = await insertJob(db, 'test-record', { tag: 'always-dies' }, { maxAttempts: 1 });
    await claimJobs(db, 'dead-worker', 1, 50, ['test-record']);
    await new Promise((r) => setTimeout(r, 100));
    const w = new Worker({ db, tasks: [recordTask], deps: d, pollMs: 20 });
    w.start();
    await until(async () => (await jobStatus(id)) === 'failed');
    await w.stop();
    expect(d.runs.get('always-dies')).toBeUndefined();
    expect(d.failures.get('always-dies')).toMatch(/worker stopped/);
  });

  it('never gives one job to two competing workers', async () => {
    const d = deps();
    const ids = await Promise.all(
      Array.from({ length: 20 }, (_, i) => insertJob(db, 'test-record', { tag: `race-${i}` })),
    );
    const workers = [1, 2, 3].map(
      () => new Worker({ db, tasks: [recordTask], deps: d, concurrency: 2, pollMs: 10 }),
    );
    for (const w of workers) w.start();
    await until(async () => (await Promise.all(ids.map(jobStatus))).every((s) => s === 'done'));
    await Promise.all(workers.map((w) => w.stop()));
    for (let i = 0; i < 20; i++) expect(d.runs.get(`race-${i}`)).toBe(1);
  });

  it('keeps one unfinished job per key', async () => {
    const a = await insertJob(db, 'test-record', { tag: 'k' }, { key: 'same', delayMs: 60_000 });
    const b = await insertJob(db, 'test-record', { tag: 'k' }, { key: 'same' });
    expect(b).toBe(a);
  });
});
