/**
 * @module `ordoscan worker`: a scan worker process for PostgreSQL deployments. It pulls
 * `scan-prescription` jobs from the shared queue until SIGINT/SIGTERM, then finishes (or, after a
 * grace period, releases) its running jobs. Any number of workers may run on any number of hosts;
 * a killed one loses nothing (its leases expire and another worker takes the jobs over).
 */
import os from 'node:os';
import { loadConfig } from '../config.js';
import { AppError } from '../errors.js';
import { startScanWorkers } from '../jobs/scan-worker.js';
import type { JobLogger } from '../jobs/task.js';
import { openDb } from '../store/db.js';
import { migrate } from '../store/migrate.js';
import type { CliIo, Command } from './types.js';

const USAGE = 'worker [--concurrency N]';

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

function parseConcurrency(args: string[], fallback: number): number {
  if (args.length === 0) return fallback;
  const n = Number(args[1]);
  if (args[0] !== '--concurrency' || args.length !== 2 || !Number.isInteger(n) || n < 1 || n > 64) {
    throw new AppError('invalid', `Usage: ordoscan ${USAGE} (N from 1 to 64)`);
  }
  return n;
}

export const workerCommand: Command = {
  name: ['worker'],
  summary: 'run scan workers against PostgreSQL (DATABASE_URL) until stopped',
  usage: USAGE,
  async run(args, io) {
    const config = loadConfig(io.env, os.availableParallelism());
    const concurrency = parseConcurrency(args, Math.max(1, config.scanWorkers));
    if (config.databaseUrl === null) {
      throw new AppError(
        'invalid',
        'ordoscan worker needs PostgreSQL: set DATABASE_URL. With the embedded database, scans run inside ' +
          '`ordoscan serve` (SCAN_WORKERS), because only that process can open it.',
      );
    }
    const db = await openDb(config);
    try {
      await migrate(db);
      const workers = await startScanWorkers(db, concurrency, lineLogger(io));
      io.out(`Scan worker ${workers.worker.id} running ${concurrency} job(s) at a time; Ctrl-C to stop.`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      io.out('Stopping: finishing running jobs (10 s at most)…');
      await workers.stop(10_000);
      return 0;
    } finally {
      await db.close();
    }
  },
};
