import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver } from '../../test/fixtures/delivery/receiver.js';
import {
  createValidatedPrescription,
  insertWebhookFacility,
} from '../../test/fixtures/delivery/validated.js';
import { createCliEnv, runCliCaptured, type CliEnv } from '../../test/helpers/cli.js';
import { onPostgres } from '../../test/helpers/db.js';
import { spawnOrdoscan, until, type OrdoscanProcess } from '../../test/helpers/process.js';
import { onPrescriptionValidated } from '../delivery/index.js';
import { SAMPLE_PRESCRIPTION, textPng } from '../jobs/fixtures/prescription-files.js';
import { submitScan } from '../jobs/submit-scan.js';
import { insertPartner } from '../registry/partners.js';
import { openPostgres, type Db } from '../store/db.js';
import { getDelivery } from '../store/deliveries.js';
import { migrate } from '../store/migrate.js';
import { getPrescription } from '../store/prescriptions.js';
import { parseWorkerArgs } from './worker.js';

describe('ordoscan worker options', () => {
  it('runs every job kind by default; --jobs picks some; bad values are usage errors', async () => {
    expect(parseWorkerArgs([], 3)).toEqual({ concurrency: 3, kinds: ['scan', 'delivery'] });
    expect(parseWorkerArgs(['--concurrency', '2', '--jobs', 'delivery'], 3)).toEqual({
      concurrency: 2,
      kinds: ['delivery'],
    });
    expect(parseWorkerArgs(['--jobs', 'delivery,scan,scan'], 1).kinds).toEqual(['delivery', 'scan']);
    for (const bad of [
      ['--jobs', 'mail'],
      ['--jobs', ''],
      ['--concurrency', '0'],
      ['--threads', '2'],
    ]) {
      const run = await runCliCaptured({ DEMO: 'false', DATABASE_URL: 'postgres://127.0.0.1:1/x' }, [
        'worker',
        ...bad,
      ]);
      expect(run.code).toBe(2);
      expect(run.err).toMatch(/Usage: ordoscan worker/);
    }
  });
});

// A worker process needs PostgreSQL: only `serve` can open the embedded database.
describe.skipIf(!onPostgres())('an ordoscan worker process', () => {
  let cli: CliEnv;
  let db: Db;
  let worker: OrdoscanProcess | null = null;
  beforeAll(async () => {
    cli = await createCliEnv('ordoscan_worker');
    db = await openPostgres(cli.env.DATABASE_URL ?? '', 3);
    await migrate(db);
  });
  afterAll(async () => {
    await worker?.kill();
    await db.close();
    await cli.cleanup();
  });

  it('reads scans and delivers validated prescriptions by webhook, with the default options', async () => {
    const rx = await startReceiver(() => ({ status: 200 }));
    try {
      const partner = await insertPartner(db, 'Worker partner');
      const facilityId = await insertWebhookFacility(db, 'worker-facility', rx.url);
      const validated = await createValidatedPrescription(db, {
        facilityId,
        partnerId: partner.id,
        patientId: 'P-1',
      });
      const [delivery] = await onPrescriptionValidated(db, validated.id);
      const scan = await submitScan(db, {
        files: [{ bytes: await textPng(SAMPLE_PRESCRIPTION), mediaType: 'image/png' }],
        partner: partner.id,
        facilityId,
        sessionId: null,
        patientId: 'P-2',
      });

      worker = spawnOrdoscan(['worker', '--concurrency', '1'], { ...cli.env, LOG_LEVEL: 'info' });
      await worker.waitFor(/Worker running scans .* and deliveries/);
      await until(async () => (await getDelivery(db, delivery!.id))?.status === 'delivered', 'the delivery');
      expect(rx.requests).toHaveLength(1);
      expect(rx.requests[0]?.headers['idempotency-key']).toBe(delivery!.idempotencyKey);
      await until(
        async () => (await getPrescription(db, scan.prescriptionId))?.status !== 'reading',
        'the scan',
      );
      expect((await getPrescription(db, scan.prescriptionId))?.status).toBe('ready');

      await worker.kill('SIGTERM');
      expect(worker.child.exitCode).toBe(0);
      expect(worker.output()).toMatch(/Stopping: finishing running jobs/);
    } finally {
      await rx.close();
    }
  }, 180_000);
});
