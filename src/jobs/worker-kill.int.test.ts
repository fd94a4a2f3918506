import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchPostgres, onPostgres, type ScratchPostgres } from '../../test/helpers/db.js';
import { until } from '../../test/helpers/process.js';
import { openPostgres, type Db } from '../store/db.js';
import { getJob, insertJob } from '../store/jobs.js';
import { migrate } from '../store/migrate.js';
import { slowTask, type SlowDeps } from './fixtures/slow-task.js';
import { Worker } from './worker.js';

const here = path.dirname(fileURLToPath(import.meta.url));

// PGlite is one process's embedded database: another process cannot share it, so this runs on PostgreSQL only.
describe.skipIf(!onPostgres())('a worker process killed mid-job', () => {
  let scratch: ScratchPostgres;
  let db: Db;
  let child: ChildProcess | null = null;
  beforeAll(async () => {
    scratch = await createScratchPostgres();
    db = await openPostgres(scratch.url, 5);
    await migrate(db);
    await db.exec(
      'create table t_slow_runs (tag text, attempt int); create table t_slow_done (tag text primary key)',
    );
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await db.close();
    await scratch.drop();
  });

  it('loses nothing: the lease expires and another worker completes the job once', async () => {
    child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(here, 'fixtures/child-worker.ts'), scratch.url],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const id = await insertJob(db, slowTask.name, { tag: 'killed' });
    await until(
      async () => (await getJob(db, id))?.lockedBy === 'child-worker',
      'the child to claim the job',
    );
    await until(async () => (await db.query('select 1 from t_slow_runs')).rows.length === 1, 'the run');
    child.kill('SIGKILL');
    await new Promise((r) => child?.once('exit', r));
    expect((await getJob(db, id))?.status).toBe('running'); // still leased to the dead process

    const w = new Worker<SlowDeps>({ db, tasks: [slowTask], deps: { sleepMs: 0 }, pollMs: 50 });
    w.start();
    await until(async () => (await getJob(db, id))?.status === 'done', 'the job to be done');
    await w.stop();
    expect(await getJob(db, id)).toMatchObject({ status: 'done', attempts: 2, lockedBy: null });
    const runs = await db.query('select attempt from t_slow_runs order by attempt');
    expect(runs.rows).toEqual([{ attempt: 1 }, { attempt: 2 }]);
    expect((await db.query('select tag from t_slow_done')).rows).toEqual([{ tag: 'killed' }]);
  }, 240_000); // starting a tsx child process is slow on a busy machine
});
