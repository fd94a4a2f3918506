/**
 * @module `ordoscan worker`: a job worker process for PostgreSQL deployments. It runs the queue's
 * jobs — reading scans (`scan-prescription`) and delivering validated prescriptions by webhook and
 * e-mail (`deliver-prescription`), or only the kinds chosen with `--jobs` — until SIGINT/SIGTERM, then
 * finishes (or, after a grace period, releases) its running jobs. Any number of workers may run on
 * any number of hosts; a killed one loses nothing (its leases expire after `JOB_LEASE_MS` and another
 * worker takes the jobs over).
 */
import os from 'node:os';
import { loadConfig } from '../config.js';
import { startDeliveryWorker, type DeliveryWorker } from '../delivery/worker.js';
import { AppError } from '../errors.js';
import { startScanWorkers, type ScanWorkers } from '../jobs/scan-worker.js';
import type { JobLogger } from '../jobs/task.js';
import { openDb } from '../store/db.js';
import { migrate } from '../store/migrate.js';
import { parseOptions, str } from './admin-args.js';
import type { CliIo, Command } from './types.js';

const USAGE = 'worker [--concurrency N] [--jobs scan,delivery]';

/** Job kinds a worker process can run. */
export type JobKind = 'scan' | 'delivery';
const KINDS: readonly JobKind[] = ['scan', 'delivery'];

/** One line per event: the message, then the fields (errors by message). */
function lineLogger(io: CliIo): JobLogger {
  const line = (level: string, obj: object, msg: string): string =>
    `${new Date().toISOString()} ${level} ${msg} ${JSON.stringify(obj, (_k, v: unknown) =>
      v instanceof Error ? v.message : v,
    )}`;
  return {
    info: (obj, msg) => io.out(line('info', obj, msg)),
    warn: (obj, msg) => io.err(line('warn', obj, msg)),
    error: (obj, msg) => io.err(line('error', obj, msg)),
  };
}

/**
 * Parses the worker's options.
 * @param args - arguments after `worker`
 * @param fallbackConcurrency - scan jobs at once when `--concurrency` is not given
 * @returns scan concurrency and job kinds (default: every kind)
 */
export function parseWorkerArgs(
  args: string[],
  fallbackConcurrency: number,
): { concurrency: number; kinds: JobKind[] } {
  const usage = `Usage: ordoscan ${USAGE} (N from 1 to 64; kinds: ${KINDS.join(', ')})`;
  let values;
  try {
    ({ values } = parseOptions(args, { concurrency: { type: 'string' }, jobs: { type: 'string' } }));
  } catch (err) {
    throw new AppError('invalid', `${(err as Error).message}. ${usage}`);
  }
  let concurrency = fallbackConcurrency;
  if (values.concurrency !== undefined) {
    concurrency = Number(values.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
      throw new AppError('invalid', `--concurrency must be a whole number from 1 to 64. ${usage}`);
    }
  }
  const kinds = values.jobs === undefined ? [...KINDS] : [];
  for (const k of values.jobs === undefined ? [] : str(values.jobs).split(',')) {
    const kind = k.trim() as JobKind;
    if (!KINDS.includes(kind)) throw new AppError('invalid', `Unknown job kind "${k}". ${usage}`);
    if (!kinds.includes(kind)) kinds.push(kind);
  }
  if (kinds.length === 0) throw new AppError('invalid', `--jobs names no job kind. ${usage}`);
  return { concurrency, kinds };
}

export const workerCommand: Command = {
  name: ['worker'],
  summary: 'run job workers (scans, deliveries) against PostgreSQL (DATABASE_URL) until stopped',
  usage: USAGE,
  async run(args, io) {
    const config = loadConfig(io.env, os.availableParallelism());
    const { concurrency, kinds } = parseWorkerArgs(args, Math.max(1, config.scanWorkers));
    if (config.databaseUrl === null) {
      throw new AppError(
        'invalid',
        'ordoscan worker needs PostgreSQL: set DATABASE_URL. With the embedded database, jobs run inside ' +
          '`ordoscan serve` (SCAN_WORKERS), because only that process can open it.',
      );
    }
    const db = await openDb(config);
    let scans: ScanWorkers | null = null;
    let deliveries: DeliveryWorker | null = null;
    try {
      await migrate(db);
      const log = lineLogger(io);
      const leaseMs = config.jobLeaseMs;
      if (kinds.includes('scan')) scans = await startScanWorkers(db, concurrency, log, { leaseMs });
      if (kinds.includes('delivery')) deliveries = startDeliveryWorker(db, config, { log, leaseMs });
      const running = [
        scans === null ? null : `scans (${concurrency} at a time, worker ${scans.worker.id})`,
        deliveries === null ? null : `deliveries (worker ${deliveries.worker.id})`,
      ].filter((s) => s !== null);
      io.out(`Worker running ${running.join(' and ')}; Ctrl-C to stop.`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      io.out('Stopping: finishing running jobs (10 s at most)…');
      return 0;
    } finally {
      await Promise.all([scans?.stop(10_000), deliveries?.stop(10_000)]);
      await db.close();
    }
  },
};
