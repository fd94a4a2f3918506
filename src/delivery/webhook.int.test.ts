import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createValidatedPrescription } from '../../test/fixtures/delivery/validated.js';
import { createTestDb } from '../../test/helpers/db.js';
import { Worker } from '../jobs/worker.js';
import { deliverPrescriptionTask } from '../jobs/tasks/deliver-prescription.js';
import { insertFacility } from '../registry/facilities.js';
import { insertPartner } from '../registry/partners.js';
import type { Db } from '../store/db.js';
import { getDelivery, listAttempts } from '../store/deliveries.js';
import { onPrescriptionValidated } from './index.js';
import { createDeliveryRuntime, type DeliveryDeps, type DeliveryRuntime } from './runtime.js';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A real HTTP receiver whose behaviour per request is scripted. */
async function startReceiver(
  script: (n: number, req: Received) => { status: number; delayMs?: number },
): Promise<{ url: string; requests: Received[]; effects: Map<string, string>; close(): Promise<void> }> {
  const requests: Received[] = [];
  const effects = new Map<string, string>(); // idempotency key → body: what a careful receiver stores
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(r);
      const { status, delayMs } = script(requests.length, r);
      const key = String(req.headers['idempotency-key']);
      if (status < 300 && !effects.has(key)) effects.set(key, r.body);
      setTimeout(() => res.writeHead(status).end(), delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/ordoscan`,
    requests,
    effects,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The receiver side of the documented scheme, written from the docs with plain createHmac. */
function receiverVerifies(secret: string, header: string, body: string): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (m === null) return false;
  const expected = createHmac('sha256', secret).update(`${m[1]}.${body}`).digest('hex');
  return expected === m[2] && Math.abs(Date.now() / 1000 - Number(m[1])) < 300;
}

const SECRET = 'whsec_0123456789abcdef0123';

describe('webhook delivery (real HTTP receiver, queue worker)', () => {
  let db: Db;
  let partnerId: string;

  beforeAll(async () => {
    db = await createTestDb();
    partnerId = (await insertPartner(db, `webhook-partner-${Date.now()}`)).id;
  });
  afterAll(async () => db.close());

  async function setup(url: string, tag: string): Promise<{ facilityId: string; prescriptionId: string }> {
    const facility = await insertFacility(db, {
      slug: `wh-${tag}-${Date.now()}`,
      name: 'Webhook facility',
      settings: { delivery: { channels: ['webhook'], webhookUrl: url, webhookSecret: SECRET } },
    });
    const p = await createValidatedPrescription(db, {
      facilityId: facility.id,
      partnerId,
      patientId: `pat-${tag}`,
    });
    return { facilityId: facility.id, prescriptionId: p.id };
  }

  async function runUntilSettled(rt: DeliveryRuntime, deliveryId: string, timeoutMs = 15_000): Promise<void> {
    const w = new Worker<DeliveryDeps>({
      db,
      tasks: [deliverPrescriptionTask],
      deps: { delivery: rt },
      pollMs: 25,
      concurrency: 2,
    });
    w.start();
    const end = Date.now() + timeoutMs;
    try {
      while ((await getDelivery(db, deliveryId))?.status === 'pending') {
        if (Date.now() > end) throw new Error('delivery did not settle');
        await new Promise((r) => setTimeout(r, 30));
      }
    } finally {
      await w.stop();
    }
  }

  const fastRuntime = (over: Partial<DeliveryRuntime> = {}): DeliveryRuntime =>
    createDeliveryRuntime(
      { smtpUrl: null, mailFrom: 'o@test', webhookTimeoutMs: 2000 },
      { retryDelaysMs: [50, 100, 100, 100], ...over },
    );

  it('posts the signed RequestGroup; retries a failing receiver until it recovers; logs each attempt', async () => {
    const rx = await startReceiver((n) => ({ status: n <= 2 ? 503 : 200 }));
    try {
      const { prescriptionId } = await setup(rx.url, 'retry');
      const [delivery] = await onPrescriptionValidated(db, prescriptionId, { maxAttempts: 5 });
      expect(delivery).toMatchObject({ channel: 'webhook', target: rx.url, status: 'pending' });
      await runUntilSettled(fastRuntime(), delivery!.id);

      const done = await getDelivery(db, delivery!.id);
      expect(done).toMatchObject({ status: 'delivered', attempts: 3, lastStatusCode: 200, lastError: null });
      const log = await listAttempts(db, delivery!.id);
      expect(log.map((a) => [a.attempt, a.statusCode])).toEqual([
        [1, 503],
        [2, 503],
        [3, 200],
      ]);
      expect(log[0]?.error).toMatch(/503/);

      expect(rx.requests).toHaveLength(3);
      for (const r of rx.requests) {
        expect(r.headers['content-type']).toMatch(/^application\/fhir\+json/);
        expect(receiverVerifies(SECRET, String(r.headers['ordoscan-signature']), r.body)).toBe(true);
        expect(r.headers['idempotency-key']).toBe(delivery!.idempotencyKey);
        expect(r.headers['ordoscan-event']).toBe('prescription.validated');
      }
      const rg = JSON.parse(rx.requests[2]!.body) as { resourceType: string; id: string };
      expect(rg).toMatchObject({ resourceType: 'RequestGroup', id: prescriptionId });
      // A tampered body does not verify
      expect(
        receiverVerifies(
          SECRET,
          String(rx.requests[0]!.headers['ordoscan-signature']),
          `${rx.requests[0]!.body} `,
        ),
      ).toBe(false);
    } finally {
      await rx.close();
    }
  });

  it('a slow receiver times out and the retry carries the same Idempotency-Key: one effect', async () => {
    const rx = await startReceiver((n) => ({ status: 200, delayMs: n === 1 ? 1500 : 0 }));
    try {
      const { prescriptionId } = await setup(rx.url, 'slow');
      const [delivery] = await onPrescriptionValidated(db, prescriptionId);
      await runUntilSettled(fastRuntime({ webhookTimeoutMs: 300 }), delivery!.id);
      expect(await getDelivery(db, delivery!.id)).toMatchObject({ status: 'delivered', attempts: 2 });
      const log = await listAttempts(db, delivery!.id);
      expect(log[0]).toMatchObject({ statusCode: null, error: 'No answer within 300 ms' });
      expect(rx.requests).toHaveLength(2);
      expect(new Set(rx.requests.map((r) => r.headers['idempotency-key']))).toEqual(
        new Set([delivery!.idempotencyKey]),
      );
      expect(rx.effects.size).toBe(1);
    } finally {
      await rx.close();
    }
  });

  it('gives up when the schedule is used up, and a 410 stops at once', async () => {
    const down = await startReceiver(() => ({ status: 500 }));
    const gone = await startReceiver(() => ({ status: 410 }));
    try {
      const a = await setup(down.url, 'down');
      const [d1] = await onPrescriptionValidated(db, a.prescriptionId, { maxAttempts: 3 });
      await runUntilSettled(fastRuntime(), d1!.id);
      expect(await getDelivery(db, d1!.id)).toMatchObject({
        status: 'failed',
        attempts: 3,
        lastStatusCode: 500,
      });
      expect((await getDelivery(db, d1!.id))?.lastError).toMatch(/no attempts left/);

      const b = await setup(gone.url, 'gone');
      const [d2] = await onPrescriptionValidated(db, b.prescriptionId);
      await runUntilSettled(fastRuntime(), d2!.id);
      expect(await getDelivery(db, d2!.id)).toMatchObject({
        status: 'failed',
        attempts: 1,
        lastStatusCode: 410,
      });
    } finally {
      await down.close();
      await gone.close();
    }
  });

  it('is idempotent on a second call and refuses a prescription that is not validated', async () => {
    const rx = await startReceiver(() => ({ status: 200 }));
    try {
      const { prescriptionId, facilityId } = await setup(rx.url, 'twice');
      const first = await onPrescriptionValidated(db, prescriptionId);
      const second = await onPrescriptionValidated(db, prescriptionId);
      expect(second.map((d) => d.id)).toEqual(first.map((d) => d.id));
      const jobs = await db.query<{ n: number }>(
        `select count(*)::int as n from jobs where task = 'deliver-prescription' and payload->>'deliveryId' = $1`,
        [first[0]!.id],
      );
      expect(jobs.rows[0]?.n).toBe(1);
      const ready = await createValidatedPrescription(db, {
        facilityId,
        partnerId,
        patientId: 'x',
        status: 'ready',
      });
      await expect(onPrescriptionValidated(db, ready.id)).rejects.toThrow(/not validated/);
    } finally {
      await rx.close();
    }
  });

  it('enqueues within the caller transaction: a rollback leaves no delivery and no job', async () => {
    const { prescriptionId } = await setup('http://127.0.0.1:9/never', 'rollback');
    await expect(
      db.transaction(async (tx) => {
        await onPrescriptionValidated(tx, prescriptionId);
        throw new Error('validation failed later');
      }),
    ).rejects.toThrow('validation failed later');
    const n = await db.query<{ n: number }>(
      'select count(*)::int as n from deliveries where prescription_id = $1',
      [prescriptionId],
    );
    expect(n.rows[0]?.n).toBe(0);
  });
});
