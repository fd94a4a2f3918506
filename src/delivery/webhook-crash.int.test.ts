/**
 * Crash test of webhook delivery with real processes: the delivering process — `ordoscan worker` on
 * PostgreSQL, `ordoscan serve` on the embedded database — is SIGKILLed in the middle of deliveries,
 * again and again (once right after the receiver accepted a request, before the sender heard the
 * answer), then one is left to finish. Every validated prescription must reach the receiver, every
 * redelivery with the same Idempotency-Key (at-least-once sending, effectively once for a receiver
 * that keeps keys), and the delivery log must agree.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../test/fixtures/delivery/receiver.js';
import {
  createValidatedPrescription,
  insertWebhookFacility,
} from '../../test/fixtures/delivery/validated.js';
import { createCliEnv, type CliEnv } from '../../test/helpers/cli.js';
import { onPostgres } from '../../test/helpers/db.js';
import { freePort, spawnOrdoscan, until, type OrdoscanProcess } from '../../test/helpers/process.js';
import { loadConfig } from '../config.js';
import { insertPartner } from '../registry/partners.js';
import { openDb, type Db } from '../store/db.js';
import { listAttempts, listDeliveries, type Delivery } from '../store/deliveries.js';
import { migrate } from '../store/migrate.js';
import { DELIVER_TASK, onPrescriptionValidated } from './index.js';

const PRESCRIPTIONS = 3;
/** Each round's fate: kill while the receiver holds the requests, or as soon as it accepted one. */
const ROUNDS = ['hold', 'hold', 'accept-then-kill'] as const;

describe('webhook deliveries with the delivering process SIGKILLed mid-delivery, repeatedly', () => {
  let cli: CliEnv;
  let rx: Receiver;
  let proc: OrdoscanProcess | null = null;
  let mode: 'hold' | 'accept-then-kill' | 'accept' = 'hold';
  /** Keys the receiver accepted while in `accept` mode (the last process). */
  const acceptedAtLast = new Set<string>();

  beforeAll(async () => {
    rx = await startReceiver((_n, req) => {
      if (mode === 'hold') return { status: 200, hold: true };
      if (mode === 'accept-then-kill') {
        proc?.child.kill('SIGKILL'); // before the answer leaves
      } else {
        acceptedAtLast.add(String(req.headers['idempotency-key']));
      }
      return { status: 200 };
    });
    const port = await freePort();
    cli = await createCliEnv('ordoscan_webhook_crash', {
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      SCAN_WORKERS: '0',
      JOB_LEASE_MS: '2000',
      DELIVERY_RETRY_SCHEDULE: Array(10).fill('0.2').join(','),
      WEBHOOK_TIMEOUT_MS: '60000',
    });
  });
  afterAll(async () => {
    await proc?.kill();
    await rx.close();
    await cli.cleanup();
  });

  /** Runs `fn` on the database while no process holds it (PGlite has one opener at a time). */
  async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    const db = await openDb(loadConfig(cli.env));
    try {
      await migrate(db);
      return await fn(db);
    } finally {
      await db.close();
    }
  }

  /** A worker process on PostgreSQL; on the embedded database only `serve` can run jobs. */
  const startDeliverer = (): OrdoscanProcess =>
    spawnOrdoscan(onPostgres() ? ['worker', '--jobs', 'delivery'] : ['serve'], cli.env);

  it('delivers every validated prescription, redelivering with the same key; the log agrees', async () => {
    const validated = await withDb(async (db) => {
      const partner = await insertPartner(db, 'Crash partner');
      const facilityId = await insertWebhookFacility(db, 'crash-hospital', rx.url);
      const ids: string[] = [];
      for (let i = 0; i < PRESCRIPTIONS; i++) {
        const p = await createValidatedPrescription(db, {
          facilityId,
          partnerId: partner.id,
          patientId: `crash-${i}`,
        });
        await onPrescriptionValidated(db, p.id);
        ids.push(p.id);
      }
      return ids;
    });

    for (const fate of ROUNDS) {
      mode = fate;
      const before = rx.requests.length;
      proc = startDeliverer();
      await until(() => rx.requests.length > before, 'a delivery to reach the receiver', 150_000);
      if (fate === 'hold') await new Promise((r) => setTimeout(r, 300)); // let the other sends start
      await proc.kill('SIGKILL');
      expect(proc.child.signalCode).toBe('SIGKILL');
    }
    const killedRequests = rx.requests.length;

    const pending = await withDb(async (db) => listDeliveries(db, { status: 'pending' }));
    expect(pending.length).toBeGreaterThan(0); // the kills left work behind
    mode = 'accept';
    proc = startDeliverer();
    await until(
      () => pending.every((d) => acceptedAtLast.has(d.idempotencyKey)),
      'the last process to deliver what was pending',
    );
    await proc.kill('SIGTERM'); // a clean stop waits for the running attempts to be recorded
    expect(proc.child.exitCode).toBe(0);

    const { deliveries, logs, unfinishedJobs } = await withDb(async (db) => {
      const all = await listDeliveries(db, { limit: 100 });
      const attempts = new Map<string, Awaited<ReturnType<typeof listAttempts>>>();
      for (const d of all) attempts.set(d.id, await listAttempts(db, d.id));
      const jobs = await db.query(`select id from jobs where task = $1 and status in ('queued', 'running')`, [
        DELIVER_TASK,
      ]);
      return { deliveries: all, logs: attempts, unfinishedJobs: jobs.rows.length };
    });

    // Every validated prescription delivered once as far as the delivery log goes.
    expect(deliveries.map((d: Delivery) => d.prescriptionId).sort()).toEqual([...validated].sort());
    expect(unfinishedJobs).toBe(0);
    for (const d of deliveries) {
      expect(d).toMatchObject({ status: 'delivered', lastStatusCode: 200 });
      const log = logs.get(d.id) ?? [];
      expect(log.map((a) => a.attempt)).toEqual(Array.from({ length: d.attempts }, (_, i) => i + 1));
      expect(log.at(-1)).toMatchObject({ statusCode: 200, error: null });
      // Attempts before the last are those whose process was killed on each of their job's tries.
      for (const a of log.slice(0, -1)) expect(a.error).toMatch(/^The attempt did not complete/);
    }

    // The receiver: more requests than prescriptions (redelivered), one key per prescription, and
    // each key's requests carry that prescription: counting distinct keys, exactly one effect each.
    expect(killedRequests).toBeGreaterThanOrEqual(ROUNDS.length);
    expect(rx.requests.length).toBeGreaterThan(PRESCRIPTIONS);
    const keyOf = new Map(deliveries.map((d) => [d.idempotencyKey, d.prescriptionId]));
    for (const r of rx.requests) {
      const key = String(r.headers['idempotency-key']);
      expect(keyOf.has(key)).toBe(true);
      expect((JSON.parse(r.body) as { id: string }).id).toBe(keyOf.get(key));
    }
    expect(new Set(rx.requests.map((r) => r.headers['idempotency-key'])).size).toBe(PRESCRIPTIONS);
    expect([...rx.effects.keys()].sort()).toEqual([...keyOf.keys()].sort());
  }, 300_000); // ~40-60 s alone; a safety net for a loaded CI machine (first start imports the drugs)
});
