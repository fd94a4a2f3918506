/**
 * @module The clinician's corrections: the working copy of a prescription's lines while it is being
 * checked (`prescription_lines`) and the audit trail of what the engine read and every change made
 * (`prescription_changes`: who, when, before, after). Lines are stored as the app's line objects.
 */
import type { AppLine } from '../api/routes/app/wire.js';
import type { Queryable } from './db.js';

export type ChangeAction = 'read' | 'edit' | 'add' | 'remove' | 'acknowledge' | 'validate' | 'cancel';

/** Who made a change. */
export interface Actor {
  sessionId: string;
  userId: string;
  /** "First Last (rpps)" at the time of the change. */
  label: string;
}

export interface Change {
  id: number;
  action: ChangeAction;
  lineId: string | null;
  userId: string | null;
  userLabel: string;
  before: unknown;
  after: unknown;
  createdAt: Date;
}

/**
 * Stores the engine's lines as the working copy, once (a second call is a no-op), and records the
 * `read` audit entry.
 * @param db - database or transaction
 * @param prescriptionId - prescription
 * @param lines - lines as read
 * @param actor - the session's user (the reader is the engine; the actor is who opened it)
 * @returns whether the lines were stored by this call
 */
export async function initLines(
  db: Queryable,
  prescriptionId: string,
  lines: AppLine[],
  actor: Actor,
): Promise<boolean> {
  const existing = await db.query('select 1 from prescription_lines where prescription_id = $1 limit 1', [
    prescriptionId,
  ]);
  if (existing.rows.length > 0) return false;
  for (const [i, line] of lines.entries()) {
    await db.query(
      `insert into prescription_lines (prescription_id, line_id, position, line) values ($1, $2, $3, $4)
       on conflict do nothing`,
      [prescriptionId, line.id, i, JSON.stringify(line)],
    );
  }
  await recordChange(db, prescriptionId, actor, 'read', null, null, lines);
  return true;
}

/**
 * @param db - database or transaction
 * @param prescriptionId - prescription
 * @returns the current lines (not removed), in order
 */
export async function listLines(db: Queryable, prescriptionId: string): Promise<AppLine[]> {
  const r = await db.query<{ line: AppLine }>(
    'select line from prescription_lines where prescription_id = $1 and not removed order by position, line_id',
    [prescriptionId],
  );
  return r.rows.map((x) => x.line);
}

/**
 * @returns the line (not removed), or null; `for update` when given a transaction
 */
export async function findLine(
  db: Queryable,
  prescriptionId: string,
  lineId: string,
): Promise<AppLine | null> {
  const r = await db.query<{ line: AppLine }>(
    'select line from prescription_lines where prescription_id = $1 and line_id = $2 and not removed for update',
    [prescriptionId, lineId],
  );
  return r.rows[0]?.line ?? null;
}

/** Replaces a line's content. */
export async function saveLine(db: Queryable, prescriptionId: string, line: AppLine): Promise<void> {
  await db.query(
    'update prescription_lines set line = $3, updated_at = now() where prescription_id = $1 and line_id = $2',
    [prescriptionId, line.id, JSON.stringify(line)],
  );
}

/** Appends a new line at the end. */
export async function appendLine(db: Queryable, prescriptionId: string, line: AppLine): Promise<void> {
  await db.query(
    `insert into prescription_lines (prescription_id, line_id, position, line)
     select $1, $2, coalesce(max(position) + 1, 0), $3 from prescription_lines where prescription_id = $1`,
    [prescriptionId, line.id, JSON.stringify(line)],
  );
}

/** Marks a line removed (kept for the audit). */
export async function removeLine(db: Queryable, prescriptionId: string, lineId: string): Promise<void> {
  await db.query(
    'update prescription_lines set removed = true, updated_at = now() where prescription_id = $1 and line_id = $2',
    [prescriptionId, lineId],
  );
}

/**
 * Appends an audit entry.
 * @param db - database or transaction
 * @param prescriptionId - prescription
 * @param actor - who
 * @param action - what
 * @param lineId - which line, if one
 * @param before - the value before (null for an addition)
 * @param after - the value after (null for a removal)
 */
export async function recordChange(
  db: Queryable,
  prescriptionId: string,
  actor: Actor,
  action: ChangeAction,
  lineId: string | null,
  before: unknown,
  after: unknown,
): Promise<void> {
  await db.query(
    `insert into prescription_changes (prescription_id, session_id, user_id, user_label, action, line_id, before, after)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      prescriptionId,
      actor.sessionId,
      actor.userId,
      actor.label,
      action,
      lineId,
      before === null ? null : JSON.stringify(before),
      after === null ? null : JSON.stringify(after),
    ],
  );
}

/** @returns the audit trail of a prescription, oldest first */
export async function listChanges(db: Queryable, prescriptionId: string): Promise<Change[]> {
  const r = await db.query<{
    id: number;
    action: ChangeAction;
    line_id: string | null;
    user_id: string | null;
    user_label: string;
    before: unknown;
    after: unknown;
    created_at: Date;
  }>(
    `select id, action, line_id, user_id, user_label, before, after, created_at
       from prescription_changes where prescription_id = $1 order by id`,
    [prescriptionId],
  );
  return r.rows.map((x) => ({
    id: Number(x.id),
    action: x.action,
    lineId: x.line_id,
    userId: x.user_id,
    userLabel: x.user_label,
    before: x.before,
    after: x.after,
    createdAt: new Date(x.created_at),
  }));
}

/**
 * Finalises a prescription the clinician validated: status `validated` and the RequestGroup rebuilt
 * from the corrected lines. Only from `ready`, so it happens once.
 * @param db - a transaction (with the audit entry and the delivery enqueue)
 * @param prescriptionId - prescription
 * @param requestGroup - the FHIR R4 RequestGroup of the corrected lines
 * @returns false when the prescription was not `ready`
 */
export async function markPrescriptionValidated(
  db: Queryable,
  prescriptionId: string,
  requestGroup: unknown,
): Promise<boolean> {
  const r = await db.query(
    `update prescriptions set status = 'validated', request_group = $2, updated_at = now()
      where id = $1 and status = 'ready'`,
    [prescriptionId, JSON.stringify(requestGroup)],
  );
  return r.rowCount === 1;
}

/**
 * Cancels a session's prescriptions that are not validated (reading, ready or failed).
 * @param db - database or transaction
 * @param sessionId - the scan session
 * @returns the ids of the prescriptions cancelled
 */
export async function cancelSessionPrescriptions(db: Queryable, sessionId: string): Promise<string[]> {
  const r = await db.query<{ id: string }>(
    `update prescriptions set status = 'cancelled', updated_at = now()
      where session_id = $1 and status in ('reading', 'ready', 'failed') returning id`,
    [sessionId],
  );
  return r.rows.map((x) => x.id);
}
