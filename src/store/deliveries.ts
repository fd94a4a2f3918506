/**
 * @module Deliveries of validated prescriptions (webhook, e-mail) and their attempt log. Plain SQL, one
 * function per operation, the handle passed in. A delivery row is created once per prescription ×
 * channel × target; each attempt is logged and moves the row to `delivered`, to the next retry
 * (`next_attempt_at`), or to `failed`.
 */
import type { Queryable } from './db.js';

export type DeliveryChannel = 'webhook' | 'email';
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface Delivery {
  id: string;
  prescriptionId: string;
  facilityId: string;
  channel: DeliveryChannel;
  target: string;
  idempotencyKey: string;
  status: DeliveryStatus;
  attempts: number;
  maxAttempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

export interface DeliveryAttempt {
  attempt: number;
  startedAt: Date;
  finishedAt: Date;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

const COLUMNS = `id, prescription_id as "prescriptionId", facility_id as "facilityId", channel, target,
  idempotency_key as "idempotencyKey", status, attempts, max_attempts as "maxAttempts",
  last_status_code as "lastStatusCode", last_error as "lastError", next_attempt_at as "nextAttemptAt",
  created_at as "createdAt", delivered_at as "deliveredAt"`;

const toDates = (d: Delivery): Delivery => ({
  ...d,
  nextAttemptAt: d.nextAttemptAt === null ? null : new Date(d.nextAttemptAt),
  createdAt: new Date(d.createdAt),
  deliveredAt: d.deliveredAt === null ? null : new Date(d.deliveredAt),
});

export interface NewDelivery {
  prescriptionId: string;
  facilityId: string;
  channel: DeliveryChannel;
  target: string;
  idempotencyKey: string;
  maxAttempts: number;
}

/**
 * Creates a delivery, or returns the existing one for the same prescription, channel and target.
 * @param db - database or transaction
 * @param d - the delivery
 * @returns the row and whether it was created now
 */
export async function insertDelivery(
  db: Queryable,
  d: NewDelivery,
): Promise<{ delivery: Delivery; created: boolean }> {
  const r = await db.query<Delivery>(
    `insert into deliveries (prescription_id, facility_id, channel, target, idempotency_key, max_attempts, next_attempt_at)
     values ($1, $2, $3, $4, $5, $6, now())
     on conflict (prescription_id, channel, target) do nothing
     returning ${COLUMNS}`,
    [d.prescriptionId, d.facilityId, d.channel, d.target, d.idempotencyKey, d.maxAttempts],
  );
  if (r.rows[0] !== undefined) return { delivery: toDates(r.rows[0]), created: true };
  const existing = await db.query<Delivery>(
    `select ${COLUMNS} from deliveries where prescription_id = $1 and channel = $2 and target = $3`,
    [d.prescriptionId, d.channel, d.target],
  );
  return { delivery: toDates(existing.rows[0] as Delivery), created: false };
}

/** @returns the delivery, or null */
export async function getDelivery(db: Queryable, id: string): Promise<Delivery | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const r = await db.query<Delivery>(`select ${COLUMNS} from deliveries where id = $1`, [id]);
  return r.rows[0] === undefined ? null : toDates(r.rows[0]);
}

export interface AttemptOutcome {
  deliveryId: string;
  attempt: number;
  startedAt: Date;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  /** `delivered`, `retry` (then `retryInMs` is required) or `failed` for good. */
  result: 'delivered' | 'retry' | 'failed';
  retryInMs?: number;
}

/**
 * Logs an attempt and moves the delivery on. Only applies while the delivery is pending and the
 * attempt is the next one, so an attempt replayed after a crash is not counted twice.
 * @param db - database or transaction
 * @param o - what happened
 * @returns false when the delivery was no longer waiting for this attempt
 */
export async function recordAttempt(db: Queryable, o: AttemptOutcome): Promise<boolean> {
  const status = o.result === 'retry' ? 'pending' : o.result;
  const r = await db.query(
    `update deliveries set attempts = $2, status = $3, last_status_code = $4, last_error = $5,
       next_attempt_at = case when $3 = 'pending' then now() + $6 * interval '1 millisecond' else null end,
       delivered_at = case when $3 = 'delivered' then now() else delivered_at end, updated_at = now()
     where id = $1 and status = 'pending' and attempts = $2 - 1`,
    [o.deliveryId, o.attempt, status, o.statusCode, o.error, o.retryInMs ?? 0],
  );
  if (r.rowCount === 0) return false;
  await db.query(
    `insert into delivery_attempts (delivery_id, attempt, started_at, status_code, error, duration_ms)
     values ($1, $2, $3, $4, $5, $6)`,
    [o.deliveryId, o.attempt, o.startedAt, o.statusCode, o.error, Math.round(o.durationMs)],
  );
  return true;
}

/** @returns the attempts of a delivery, oldest first */
export async function listAttempts(db: Queryable, deliveryId: string): Promise<DeliveryAttempt[]> {
  const r = await db.query<DeliveryAttempt>(
    `select attempt, started_at as "startedAt", finished_at as "finishedAt", status_code as "statusCode",
       error, duration_ms as "durationMs"
     from delivery_attempts where delivery_id = $1 order by attempt, id`,
    [deliveryId],
  );
  return r.rows.map((a) => ({ ...a, startedAt: new Date(a.startedAt), finishedAt: new Date(a.finishedAt) }));
}

export interface DeliveryFilter {
  facilityId?: string;
  prescriptionId?: string;
  status?: DeliveryStatus;
  limit?: number;
}

/** @returns deliveries, newest first */
export async function listDeliveries(db: Queryable, f: DeliveryFilter = {}): Promise<Delivery[]> {
  const r = await db.query<Delivery>(
    `select ${COLUMNS} from deliveries
     where ($1::text is null or facility_id = $1) and ($2::uuid is null or prescription_id = $2)
       and ($3::text is null or status = $3)
     order by created_at desc, id desc limit $4`,
    [f.facilityId ?? null, f.prescriptionId ?? null, f.status ?? null, f.limit ?? 50],
  );
  return r.rows.map(toDates);
}

/**
 * Puts a delivery back in the queue for `extraAttempts` more attempts, whatever its status.
 * @param db - database or transaction
 * @param id - delivery id
 * @param extraAttempts - attempts allowed from now
 * @returns the updated delivery, or null when it does not exist
 */
export async function reopenDelivery(
  db: Queryable,
  id: string,
  extraAttempts: number,
): Promise<Delivery | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const r = await db.query<Delivery>(
    `update deliveries set status = 'pending', max_attempts = attempts + $2, next_attempt_at = now(), updated_at = now()
     where id = $1 returning ${COLUMNS}`,
    [id, extraAttempts],
  );
  return r.rows[0] === undefined ? null : toDates(r.rows[0]);
}
