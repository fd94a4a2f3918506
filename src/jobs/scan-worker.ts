/**
 * @module Starts the scan workers of one process: one scan engine (its OCR pool sized to the
 * concurrency, started once and reused for every job) and a `Worker` running `scan-prescription`.
 * Used by `ordoscan serve` (in-process, `SCAN_WORKERS`) and `ordoscan worker` (separate processes).
 */
import { createScanEngine } from '../scan/engine.js';
import type { Db } from '../store/db.js';
import type { JobLogger } from './task.js';
import { scanPrescriptionTask, type ScanDeps } from './tasks/scan-prescription.js';
import { Worker } from './worker.js';

export interface ScanWorkers {
  worker: Worker<ScanDeps>;
  /** Stops taking jobs, waits up to `graceMs` for running ones (then releases them), stops OCR. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * @param db - the database jobs are queued in
 * @param concurrency - jobs (and OCR workers) at once, at least 1
 * @param log - where job events go
 * @param opts - lease length (default the Worker's, 30 s)
 * @returns the started workers
 */
export async function startScanWorkers(
  db: Db,
  concurrency: number,
  log?: JobLogger,
  opts: { leaseMs?: number } = {},
): Promise<ScanWorkers> {
  const engine = await createScanEngine({ ocrWorkers: concurrency });
  const worker = new Worker<ScanDeps>({
    db,
    tasks: [scanPrescriptionTask],
    deps: { engine },
    concurrency,
    ...(opts.leaseMs === undefined ? {} : { leaseMs: opts.leaseMs }),
    ...(log === undefined ? {} : { log }),
  });
  worker.start();
  return {
    worker,
    async stop(graceMs = 10_000) {
      await worker.stop(graceMs);
      await engine.close();
    },
  };
}
