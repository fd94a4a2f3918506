import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliEnv, runCliCaptured, type CliRun } from '../../test/helpers/cli.js';
import { startReceiver } from '../../test/fixtures/delivery/receiver.js';
import { createValidatedPrescription } from '../../test/fixtures/delivery/validated.js';
import { loadConfig } from '../config.js';
import { onPrescriptionValidated } from '../delivery/index.js';
import { verifySignature } from '../delivery/signature.js';
import { startDeliveryWorker } from '../delivery/worker.js';
import { getFacility } from '../registry/facilities.js';
import { insertPartner } from '../registry/partners.js';
import { openDb, type Db } from '../store/db.js';
import { getDelivery } from '../store/deliveries.js';

/** The CLI and the worker share one database: a PostgreSQL database with DATABASE_URL, else a PGlite folder. */
let env: Record<string, string>;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ env, cleanup } = await createCliEnv('ordoscan-deliveries', { PUBLIC_URL: 'http://127.0.0.1:1' }));
});
afterAll(async () => cleanup());

const cli = (...argv: string[]): Promise<CliRun> => runCliCaptured(env, argv);

/** Runs `fn` on the CLI's database (PGlite allows one opener at a time: closed right after). */
async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDb(loadConfig(env));
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

describe('ordoscan facilities delivery / deliveries list|show|redeliver', () => {
  it('configures a webhook, logs a failed delivery, and redelivers it by command once the receiver is back', async () => {
    let up = false;
    const rx = await startReceiver(() => ({ status: up ? 204 : 503 }));
    const url = rx.url;
    try {
      expect((await cli('facilities', 'create', '--slug', 'chu-dlv', '--name', 'CHU Delivery')).code).toBe(0);
      const bad = await cli(
        'facilities',
        'delivery',
        'chu-dlv',
        '--webhook-url',
        'ftp://x',
        '--channels',
        'webhook',
      );
      expect(bad.code).toBe(2);
      expect(bad.err).toMatch(/webhookUrl must be an http\(s\) URL/);
      expect((await cli('facilities', 'delivery', 'chu-dlv', '--email', 'not-an-address')).err).toMatch(
        /not an e-mail/,
      );

      const set = await cli('facilities', 'delivery', 'chu-dlv', '--webhook-url', url, '--pn13', 'on');
      expect(set.code).toBe(0);
      const secret = /Webhook secret \(shown once[^:]*: (whsec_[0-9a-f]{48})/.exec(set.out)?.[1];
      expect(secret).toBeDefined();
      expect(set.out).toContain('"channels":["webhook"]');
      const shown = await cli('facilities', 'delivery', 'chu-dlv');
      expect(shown.out).toContain(`"webhookUrl":"${url}"`);
      expect(shown.out).not.toContain(secret!);

      const deliveryId = await withDb(async (db) => {
        const f = await getFacility(db, 'chu-dlv');
        const partner = await insertPartner(db, 'CLI partner');
        const p = await createValidatedPrescription(db, {
          facilityId: f.id,
          partnerId: partner.id,
          patientId: 'P-9',
        });
        const [d] = await onPrescriptionValidated(db, p.id, { maxAttempts: 1 });
        const w = startDeliveryWorker(db, loadConfig(env));
        try {
          for (let i = 0; i < 200 && (await getDelivery(db, d!.id))?.status === 'pending'; i++) {
            await new Promise((r) => setTimeout(r, 50));
          }
        } finally {
          await w.stop();
        }
        return d!.id;
      });

      const failed = await cli('deliveries', 'list', '--facility', 'chu-dlv', '--status', 'failed');
      expect(failed.code).toBe(0);
      expect(failed.out).toContain(deliveryId);
      expect(failed.out).toMatch(/webhook .*failed +1\/1 +503/);
      const show = await cli('deliveries', 'show', deliveryId);
      expect(show.out).toMatch(/Receiver answered HTTP 503 \(no attempts left\)/);

      up = true;
      const again = await cli('deliveries', 'redeliver', deliveryId, '--attempts', '2');
      expect(again.code).toBe(0);
      await withDb(async (db) => {
        const w = startDeliveryWorker(db, loadConfig(env));
        try {
          for (let i = 0; i < 200 && (await getDelivery(db, deliveryId))?.status === 'pending'; i++) {
            await new Promise((r) => setTimeout(r, 50));
          }
        } finally {
          await w.stop();
        }
      });
      const delivered = await cli('deliveries', 'list', '--status', 'delivered');
      expect(delivered.out).toMatch(/webhook .*delivered +2\/3 +204/);
      expect(rx.requests).toHaveLength(2);
      const keys = rx.requests.map((r) => r.headers['idempotency-key']);
      expect(keys[0]).toBe(keys[1]);
      for (const r of rx.requests) {
        expect(verifySignature(secret!, String(r.headers['ordoscan-signature']), r.body)).toBe('ok');
      }

      expect((await cli('deliveries', 'redeliver', '00000000-0000-0000-0000-000000000000')).code).toBe(1);
      expect((await cli('deliveries', 'list', '--status', 'lost')).code).toBe(2);
    } finally {
      await rx.close();
    }
  }, 240_000); // each CLI call opens (and on PGlite, reloads) the database
});
