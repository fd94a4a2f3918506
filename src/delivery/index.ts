/**
 * @module Delivery entry point for the rest of the application. The web app calls
 * `onPrescriptionValidated` when the clinician validates: it creates one delivery per configured push
 * channel (webhook, e-mail) and enqueues its first attempt on the job queue — inside the caller's
 * transaction when given one, so a validation is never committed without its deliveries. The
 * attempts then run in workers: a slow or failing receiver never slows validation.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../errors.js';
import { enqueueJob } from '../jobs/queue.js';
import { findFacility } from '../registry/facilities.js';
import type { Queryable } from '../store/db.js';
import { insertDelivery, type Delivery, type DeliveryChannel } from '../store/deliveries.js';
import { DEFAULT_RETRY_DELAYS_MS } from './retry-policy.js';
import { readDeliverySettings } from './settings.js';

export { createDeliveryRuntime, type DeliveryDeps, type DeliveryRuntime } from './runtime.js';

/** Name of the queue task that makes one delivery attempt. */
export const DELIVER_TASK = 'deliver-prescription';

/** Queue-level attempts of one delivery attempt job (covers a worker dying mid-send). */
export const DELIVER_JOB_MAX_ATTEMPTS = 3;

/**
 * The `Idempotency-Key` of a delivery: stable for a prescription and an endpoint, so retries and
 * redeliveries carry the same key and a receiver can drop duplicates.
 * @param prescriptionId - prescription
 * @param channel - webhook or email
 * @param target - URL or addresses
 */
export function idempotencyKey(prescriptionId: string, channel: DeliveryChannel, target: string): string {
  const h = createHash('sha256').update(`${prescriptionId}\n${channel}\n${target}`).digest('hex');
  return `ordoscan-${prescriptionId}-${h.slice(0, 16)}`;
}

/** @returns the queue key of a delivery's n-th attempt job (one job per attempt) */
export function attemptJobKey(deliveryId: string, attempt: number | string): string {
  return `delivery:${deliveryId}:${attempt}`;
}

/**
 * Enqueues the configured push deliveries of a validated prescription. Idempotent: calling it again
 * for the same prescription creates nothing new.
 * @param db - database, or the transaction that validates the prescription
 * @param prescriptionId - a prescription in status `validated`
 * @param opts - `maxAttempts` (default: the retry schedule + 1)
 * @returns the prescription's deliveries (empty when the facility pushes nothing: pull only)
 * @throws AppError `not-found` (no such prescription), `conflict` (not validated)
 */
export async function onPrescriptionValidated(
  db: Queryable,
  prescriptionId: string,
  opts: { maxAttempts?: number } = {},
): Promise<Delivery[]> {
  const r = await db.query<{ status: string; facility_id: string | null }>(
    'select status, facility_id from prescriptions where id = $1',
    [prescriptionId],
  );
  const p = r.rows[0];
  if (p === undefined) throw new AppError('not-found', `No prescription ${prescriptionId}`);
  if (p.status !== 'validated') {
    throw new AppError(
      'conflict',
      `Prescription ${prescriptionId} is ${p.status}, not validated: nothing to deliver`,
    );
  }
  if (p.facility_id === null) return [];
  const facility = await findFacility(db, p.facility_id);
  if (facility === null) return [];
  const settings = readDeliverySettings(facility.settings.delivery);
  const targets: [DeliveryChannel, string][] = [];
  if (settings.channels.includes('webhook') && settings.webhookUrl !== null) {
    targets.push(['webhook', settings.webhookUrl]);
  }
  if (settings.channels.includes('email') && settings.emailTo.length > 0) {
    targets.push(['email', settings.emailTo.join(', ')]);
  }
  const out: Delivery[] = [];
  for (const [channel, target] of targets) {
    const { delivery, created } = await insertDelivery(db, {
      prescriptionId,
      facilityId: facility.id,
      channel,
      target,
      idempotencyKey: idempotencyKey(prescriptionId, channel, target),
      maxAttempts: opts.maxAttempts ?? DEFAULT_RETRY_DELAYS_MS.length + 1,
    });
    if (created) {
      await enqueueJob(
        db,
        DELIVER_TASK,
        { deliveryId: delivery.id },
        {
          key: attemptJobKey(delivery.id, 1),
          maxAttempts: DELIVER_JOB_MAX_ATTEMPTS,
        },
      );
    }
    out.push(delivery);
  }
  return out;
}
