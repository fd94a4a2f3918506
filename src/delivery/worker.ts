/**
 * @module Starts the delivery worker of one process: a queue `Worker` that runs only the
 * `deliver-prescription` task, separate from the scan workers so a long OCR queue never delays a
 * delivery. Deliveries are network-bound: several run at once. Any number of processes may run
 * one (the queue hands each job to one worker).
 */
import type { JobLogger } from '../jobs/task.js';
import { deliverPrescriptionTask } from '../jobs/tasks/deliver-prescription.js';
import { Worker } from '../jobs/worker.js';
import type { Db } from '../store/db.js';
import { createDeliveryRuntime, type DeliveryConfig, type DeliveryDeps } from './runtime.js';

export interface DeliveryWorker {
  worker: Worker<DeliveryDeps>;
  /** Stops taking jobs, waits up to `graceMs` for running attempts, closes the SMTP transport. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * @param db - the database jobs are queued in
 * @param config - SMTP, webhook and retry settings
 * @param opts - concurrency (default 4), lease length (default the Worker's, 30 s) and logger
 */
export function startDeliveryWorker(
  db: Db,
  config: DeliveryConfig,
  opts: { concurrency?: number; leaseMs?: number; log?: JobLogger } = {},
): DeliveryWorker {
  const runtime = createDeliveryRuntime(config);
  const worker = new Worker<DeliveryDeps>({
    db,
    tasks: [deliverPrescriptionTask],
    deps: { delivery: runtime },
    concurrency: opts.concurrency ?? 4,
    pollMs: 1000,
    ...(opts.leaseMs === undefined ? {} : { leaseMs: opts.leaseMs }),
    ...(opts.log === undefined ? {} : { log: opts.log }),
  });
  worker.start();
  return {
    worker,
    async stop(graceMs = 10_000) {
      await worker.stop(graceMs);
      runtime.mailer?.close();
    },
  };
}
