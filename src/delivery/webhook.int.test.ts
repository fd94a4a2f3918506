import { describe, expect, it } from 'vitest';
import { receiverVerifies, startReceiver } from '../../test/fixtures/delivery/receiver.js';
import {
  runDeliveryUntilSettled,
  useDeliveryTestDb,
  validatedInFacility,
} from '../../test/fixtures/delivery/harness.js';
import { createValidatedPrescription } from '../../test/fixtures/delivery/validated.js';
import { getDelivery, listAttempts } from '../store/deliveries.js';
import { claimJobs } from '../store/jobs.js';
import { DELIVER_JOB_MAX_ATTEMPTS, DELIVER_TASK, onPrescriptionValidated } from './index.js';
import { createDeliveryRuntime, type DeliveryRuntime } from './runtime.js';

const SECRET = 'whsec_0123456789abcdef0123';

describe('webhook delivery (real HTTP receiver, queue worker)', () => {
  const ctx = useDeliveryTestDb('webhook');

  const setup = (url: string, tag: string): Promise<{ facilityId: string; prescriptionId: string }> =>
    validatedInFacility(ctx, tag, { channels: ['webhook'], webhookUrl: url, webhookSecret: SECRET });

  const runUntilSettled = (rt: DeliveryRuntime, deliveryId: string): Promise<void> =>
    runDeliveryUntilSettled(ctx.db, rt, deliveryId, 2);

  const fastRuntime = (over: Partial<DeliveryRuntime> = {}): DeliveryRuntime =>
    createDeliveryRuntime(
      { smtpUrl: null, mailFrom: 'o@test', webhookTimeoutMs: 2000 },
      { retryDelaysMs: [50, 100, 100, 100], ...over },
    );

  it('posts the signed RequestGroup; retries a failing receiver until it recovers; logs each attempt', async () => {
    const rx = await startReceiver((n) => ({ status: n <= 2 ? 503 : 200 }));
    try {
      const { prescriptionId } = await setup(rx.url, 'retry');
      const [delivery] = await onPrescriptionValidated(ctx.db, prescriptionId, { maxAttempts: 5 });
      expect(delivery).toMatchObject({ channel: 'webhook', target: rx.url, status: 'pending' });
      await runUntilSettled(fastRuntime(), delivery!.id);

      const done = await getDelivery(ctx.db, delivery!.id);
      expect(done).toMatchObject({ status: 'delivered', attempts: 3, lastStatusCode: 200, lastError: null });
      const log = await listAttempts(ctx.db, delivery!.id);
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
      const [delivery] = await onPrescriptionValidated(ctx.db, prescriptionId);
      await runUntilSettled(fastRuntime({ webhookTimeoutMs: 300 }), delivery!.id);
      expect(await getDelivery(ctx.db, delivery!.id)).toMatchObject({ status: 'delivered', attempts: 2 });
      const log = await listAttempts(ctx.db, delivery!.id);
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
      const [d1] = await onPrescriptionValidated(ctx.db, a.prescriptionId, { maxAttempts: 3 });
      await runUntilSettled(fastRuntime(), d1!.id);
      expect(await getDelivery(ctx.db, d1!.id)).toMatchObject({
        status: 'failed',
        attempts: 3,
        lastStatusCode: 500,
      });
      expect((await getDelivery(ctx.db, d1!.id))?.lastError).toMatch(/no attempts left/);

      const b = await setup(gone.url, 'gone');
      const [d2] = await onPrescriptionValidated(ctx.db, b.prescriptionId);
      await runUntilSettled(fastRuntime(), d2!.id);
      expect(await getDelivery(ctx.db, d2!.id)).toMatchObject({
        status: 'failed',
        attempts: 1,
        lastStatusCode: 410,
      });
    } finally {
      await down.close();
      await gone.close();
    }
  });

  it('an attempt whose job failed for good (its process killed each time) is logged, and the schedule goes on', async () => {
    const rx = await startReceiver(() => ({ status: 200 }));
    try {
      const { prescriptionId } = await setup(rx.url, 'lost');
      const [delivery] = await onPrescriptionValidated(ctx.db, prescriptionId);
      // Three workers claim the attempt's job and die before finishing: their leases run out.
      for (let i = 0; i < DELIVER_JOB_MAX_ATTEMPTS; i++) {
        const [job] = await claimJobs(ctx.db, `dead-worker-${i}`, 1, 1, [DELIVER_TASK]);
        expect(job?.payload).toEqual({ deliveryId: delivery!.id });
        await new Promise((r) => setTimeout(r, 5));
      }
      await runUntilSettled(fastRuntime(), delivery!.id);

      expect(await getDelivery(ctx.db, delivery!.id)).toMatchObject({ status: 'delivered', attempts: 2 });
      const log = await listAttempts(ctx.db, delivery!.id);
      expect(log.map((a) => [a.attempt, a.statusCode])).toEqual([
        [1, null],
        [2, 200],
      ]);
      expect(log[0]?.error).toMatch(/did not complete: The worker stopped .* during each of the 3 attempts/);
      expect(rx.requests.map((r) => r.headers['idempotency-key'])).toEqual([delivery!.idempotencyKey]);
    } finally {
      await rx.close();
    }
  });

  it('is idempotent on a second call and refuses a prescription that is not validated', async () => {
    const rx = await startReceiver(() => ({ status: 200 }));
    try {
      const { prescriptionId, facilityId } = await setup(rx.url, 'twice');
      const first = await onPrescriptionValidated(ctx.db, prescriptionId);
      const second = await onPrescriptionValidated(ctx.db, prescriptionId);
      expect(second.map((d) => d.id)).toEqual(first.map((d) => d.id));
      const jobs = await ctx.db.query<{ n: number }>(
        `select count(*)::int as n from jobs where task = 'deliver-prescription' and payload->>'deliveryId' = $1`,
        [first[0]!.id],
      );
      expect(jobs.rows[0]?.n).toBe(1);
      const ready = await createValidatedPrescription(ctx.db, {
        facilityId,
        partnerId: ctx.partnerId,
        patientId: 'x',
        status: 'ready',
      });
      await expect(onPrescriptionValidated(ctx.db, ready.id)).rejects.toThrow(/not validated/);
    } finally {
      await rx.close();
    }
  });

  it('enqueues within the caller transaction: a rollback leaves no delivery and no job', async () => {
    const { prescriptionId } = await setup('http://127.0.0.1:9/never', 'rollback');
    await expect(
      ctx.db.transaction(async (tx) => {
        await onPrescriptionValidated(tx, prescriptionId);
        throw new Error('validation failed later');
      }),
    ).rejects.toThrow('validation failed later');
    const n = await ctx.db.query<{ n: number }>(
      'select count(*)::int as n from deliveries where prescription_id = $1',
      [prescriptionId],
    );
    expect(n.rows[0]?.n).toBe(0);
  });
});
