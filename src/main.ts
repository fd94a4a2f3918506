/**
 * @module Composition root: the only place where adapters are wired together. Opens the database,
 * migrates it, builds the HTTP app and starts listening.
 */
import type { FastifyInstance } from 'fastify';
import { buildApp } from './api/app.js';
import type { CliIo } from './cli/types.js';
import type { Config } from './config.js';
import { bootstrapDemo, demoInstructions } from './demo.js';
import { startDeliveryWorker } from './delivery/worker.js';
import { startScanWorkers } from './jobs/scan-worker.js';
import { enqueueSessionScan } from './jobs/submit-scan.js';
import { openDb, type Db } from './store/db.js';
import { expireAllLeases } from './store/jobs.js';
import { migrate } from './store/migrate.js';
import { startRetentionPurge } from './store/retention.js';
import { ensureDrugData } from './drugs/bdpm/import.js';

export interface Service {
  app: FastifyInstance;
  db: Db;
  stop(): Promise<void>;
}

/**
 * Starts the whole service in this process.
 * @param config - checked configuration
 * @param io - where start-up messages go
 */
export async function startService(config: Config, io: Pick<CliIo, 'out'>): Promise<Service> {
  const db = await openDb(config);
  await migrate(db);
  if (db.kind === 'pglite') {
    // Only this process can open the embedded database: jobs still leased were left by a previous
    // run that was killed or crashed. Take them over now rather than when their leases run out.
    const released = await expireAllLeases(db);
    if (released > 0) io.out(`${released} job(s) left running by the previous run taken over.`);
  }
  // First start only: load the shipped BDPM snapshot into the empty drug tables (a few seconds, once).
  const drugImport = await ensureDrugData(db);
  if (drugImport !== null) {
    io.out(`Drug data imported: ${drugImport.specialties} specialties (BDPM snapshot).`);
  }
  const demo = config.demo ? await bootstrapDemo(db, config) : null;
  const app = await buildApp({
    config,
    db,
    // Pre-imported files of a context call are read at once, by the scan workers.
    onSessionOpened: async ({ sessionId, pathway }) => {
      if (pathway === 'preimported') await enqueueSessionScan(db, sessionId);
    },
  });
  const leaseMs = config.jobLeaseMs;
  const workers =
    config.scanWorkers > 0 ? await startScanWorkers(db, config.scanWorkers, app.log, { leaseMs }) : null;
  const deliveries = startDeliveryWorker(db, config, { log: app.log, leaseMs });
  const purge = startRetentionPurge(db, config.retentionPurgeIntervalMinutes * 60_000, app.log);
  await app.listen({ port: config.port, host: config.host });
  io.out(
    `Ordoscan listening on ${config.publicUrl} (database: ${db.kind === 'pglite' ? `embedded, ${config.dataDir}` : 'PostgreSQL'})`,
  );
  if (demo !== null) io.out(demoInstructions(config, demo));
  return {
    app,
    db,
    async stop() {
      await app.close();
      await workers?.stop();
      await deliveries.stop();
      await purge.stop();
      await db.close();
    },
  };
}
