/**
 * @module One delivery attempt, run by the `deliver-prescription` task: re-reads the delivery (does
 * nothing unless it is pending and due), sends the prescription once, then — in one transaction —
 * logs the attempt and either marks the delivery delivered/failed or enqueues the next attempt at
 * the time the retry schedule gives. A worker that dies mid-send leaves the job's lease to expire:
 * the same attempt is made again, with the same Idempotency-Key.
 */
import type { RequestGroup } from '@medplum/fhirtypes';
import { enqueueJob } from '../jobs/queue.js';
import { findFacility } from '../registry/facilities.js';
import type { Db } from '../store/db.js';
import { recordAttempt, type Delivery } from '../store/deliveries.js';
import { DELIVER_JOB_MAX_ATTEMPTS, DELIVER_TASK, attemptJobKey } from './index.js';
import { PN13_MEDIA_TYPE, toPn13 } from './pn13.js';
import { FHIR_JSON, publishedRequestGroup } from './resource.js';
import { classifyHttpStatus, retryDelayMs } from './retry-policy.js';
import type { DeliveryRuntime } from './runtime.js';
import { readDeliverySettings, type DeliverySettings } from './settings.js';
import { sendWebhook } from './webhook.js';

interface SendResult {
  statusCode: number | null;
  error: string | null;
  /** `delivered`, `retry` or `failed` for good. */
  verdict: 'delivered' | 'retry' | 'failed';
}

interface Due {
  delivery: Delivery;
  requestGroup: RequestGroup | null;
  prescriptionStatus: string;
  settings: DeliverySettings;
}

async function loadDue(db: Db, deliveryId: string): Promise<Due | null> {
  const r = await db.query<Delivery & { due: boolean; rg: unknown; pstatus: string; validatedAt: Date }>(
    `select d.id, d.prescription_id as "prescriptionId", d.facility_id as "facilityId", d.channel, d.target,
       d.idempotency_key as "idempotencyKey", d.status, d.attempts, d.max_attempts as "maxAttempts",
       d.next_attempt_at <= now() + interval '2 seconds' as due,
       p.request_group as rg, p.status as pstatus, p.updated_at as "validatedAt"
     from deliveries d join prescriptions p on p.id = d.prescription_id where d.id = $1`,
    [deliveryId],
  );
  const row = r.rows[0];
  if (row?.status !== 'pending' || !row.due) return null; // delivered, failed, gone, or a stale job
  const facility = await findFacility(db, row.facilityId);
  return {
    delivery: row,
    requestGroup:
      row.rg === null ? null : publishedRequestGroup(row.rg, row.prescriptionId, new Date(row.validatedAt)),
    prescriptionStatus: row.pstatus,
    settings: readDeliverySettings(facility?.settings.delivery),
  };
}

async function sendOnce(due: Due, rt: DeliveryRuntime, signal: AbortSignal): Promise<SendResult> {
  const { delivery: d, requestGroup: rg, settings } = due;
  if (due.prescriptionStatus !== 'validated' || rg === null) {
    return {
      statusCode: null,
      error: `The prescription is ${due.prescriptionStatus}, no longer validated`,
      verdict: 'failed',
    };
  }
  const fhirBody = JSON.stringify(rg);
  if (d.channel === 'webhook') {
    if (settings.webhookSecret === null) {
      return { statusCode: null, error: 'No webhook secret configured for the facility', verdict: 'failed' };
    }
    const res = await sendWebhook({
      url: d.target,
      secret: settings.webhookSecret,
      body: fhirBody,
      contentType: `${FHIR_JSON}; charset=utf-8`,
      idempotencyKey: d.idempotencyKey,
      deliveryId: d.id,
      timeoutMs: rt.webhookTimeoutMs,
      signal,
    });
    return { ...res, verdict: res.statusCode === null ? 'retry' : classifyHttpStatus(res.statusCode) };
  }
  if (rt.mailer === null) {
    return {
      statusCode: null,
      error: 'E-mail delivery needs SMTP_URL to be set on the server',
      verdict: 'failed',
    };
  }
  const attachments = [
    { filename: `prescription-${d.prescriptionId}.fhir.json`, contentType: FHIR_JSON, content: fhirBody },
  ];
  if (settings.pn13) {
    const xml = toPn13(rg, {
      messageId: d.idempotencyKey,
      emittedAt: new Date(),
      timeZone: rt.timeZone,
      ...(settings.pn13MedicalUnit !== null ? { medicalUnit: settings.pn13MedicalUnit } : {}),
    });
    attachments.push({
      filename: `prescription-${d.prescriptionId}.pn13.xml`,
      contentType: PN13_MEDIA_TYPE,
      content: xml,
    });
  }
  try {
    const { statusCode } = await rt.mailer.send({
      to: d.target.split(',').map((s) => s.trim()),
      subject: `Ordoscan: validated prescription ${d.prescriptionId}`,
      text: [
        'A prescription was validated in Ordoscan. It is attached as FHIR R4 JSON (RequestGroup)',
        settings.pn13 ? 'and as a PN13 prescription message (XML).' : '.',
        '',
        `Prescription: ${d.prescriptionId}`,
        `Idempotency-Key: ${d.idempotencyKey}`,
      ].join('\n'),
      attachments,
      idempotencyKey: d.idempotencyKey,
    });
    return { statusCode, error: null, verdict: 'delivered' };
  } catch (err) {
    const e = err as { responseCode?: number; message?: string };
    const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600;
    return {
      statusCode: e.responseCode ?? null,
      error: `SMTP: ${e.message ?? String(err)}`,
      verdict: permanent ? 'failed' : 'retry',
    };
  }
}

/**
 * Makes the next attempt of a delivery, if it is due.
 * @param db - database
 * @param deliveryId - delivery
 * @param rt - delivery runtime (mailer, schedule, timeouts)
 * @param signal - aborted when the worker loses the lease or stops
 * @returns what happened (`skipped` when the delivery was not pending and due)
 */
export async function runDeliveryAttempt(
  db: Db,
  deliveryId: string,
  rt: DeliveryRuntime,
  signal: AbortSignal,
): Promise<'skipped' | 'delivered' | 'retry' | 'failed'> {
  const due = await loadDue(db, deliveryId);
  if (due === null) return 'skipped';
  const attempt = due.delivery.attempts + 1;
  const startedAt = new Date();
  const started = performance.now();
  const sent = await sendOnce(due, rt, signal);
  if (signal.aborted) return 'skipped'; // lease lost: the holder makes this attempt
  return settleAttempt(db, due.delivery, rt, attempt, startedAt, performance.now() - started, sent);
}

/**
 * Logs one attempt and, in the same transaction, settles the delivery or enqueues the next attempt
 * at the time the retry schedule gives.
 * @returns the attempt's result (`failed` when a retry is due but the schedule is used up)
 */
async function settleAttempt(
  db: Db,
  delivery: Pick<Delivery, 'id' | 'maxAttempts'>,
  rt: DeliveryRuntime,
  attempt: number,
  startedAt: Date,
  durationMs: number,
  sent: SendResult,
): Promise<'delivered' | 'retry' | 'failed'> {
  const deliveryId = delivery.id;
  const delay =
    sent.verdict === 'retry' && attempt < delivery.maxAttempts
      ? retryDelayMs(attempt, rt.retryDelaysMs)
      : null;
  const result = sent.verdict === 'retry' && delay === null ? 'failed' : sent.verdict;
  await db.transaction(async (tx) => {
    const recorded = await recordAttempt(tx, {
      deliveryId,
      attempt,
      startedAt,
      durationMs,
      statusCode: sent.statusCode,
      error:
        result === 'failed' && sent.verdict === 'retry'
          ? `${sent.error ?? 'Failed'} (no attempts left)`
          : sent.error,
      result,
      ...(delay !== null ? { retryInMs: delay } : {}),
    });
    if (recorded && result === 'retry' && delay !== null) {
      await enqueueJob(
        tx,
        DELIVER_TASK,
        { deliveryId },
        {
          key: attemptJobKey(deliveryId, attempt + 1),
          delayMs: delay,
          maxAttempts: DELIVER_JOB_MAX_ATTEMPTS,
        },
      );
    }
  });
  return result;
}

/**
 * Logs an attempt that never completed — the attempt's job failed for good, typically because the
 * process making it was killed every time (the receiver may have got the request, or not) — and
 * schedules the next attempt like any other failure, so the delivery is never left pending with no
 * job to run it. Does nothing unless the delivery is still pending.
 * @param db - database
 * @param deliveryId - delivery
 * @param rt - delivery runtime (the retry schedule)
 * @param reason - why the attempt did not complete (the job's last error)
 * @returns `retry` or `failed` (schedule used up), or `skipped`
 */
export async function recordLostAttempt(
  db: Db,
  deliveryId: string,
  rt: DeliveryRuntime,
  reason: string,
): Promise<'skipped' | 'retry' | 'failed'> {
  const r = await db.query<Pick<Delivery, 'id' | 'status' | 'attempts' | 'maxAttempts'>>(
    `select id, status, attempts, max_attempts as "maxAttempts" from deliveries where id = $1`,
    [deliveryId],
  );
  const d = r.rows[0];
  if (d?.status !== 'pending') return 'skipped';
  const result = await settleAttempt(db, d, rt, d.attempts + 1, new Date(), 0, {
    statusCode: null,
    error: `The attempt did not complete: ${reason}`,
    verdict: 'retry',
  });
  return result === 'delivered' ? 'skipped' : result;
}
