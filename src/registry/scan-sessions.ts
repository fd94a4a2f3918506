/**
 * @module Scan sessions: one per context call. State machine
 * created → opened → reading → ready → validated, and cancelled / expired from any non-final state.
 * A session past `expires_at` is reported as `expired` whatever its stored state.
 */
import { AppError } from '../errors.js';
import type { Queryable } from '../store/db.js';
import { TERMINAL_STATES, type ScanSession, type ScanSessionState } from './types.js';

/** A session with the names the web app shows. */
export interface ScanSessionView extends ScanSession {
  facilitySlug: string;
  facilityName: string;
  userRpps: string;
  userFirstName: string;
  userLastName: string;
}

interface ViewRow {
  id: string;
  partner_id: string;
  service_account_id: string;
  facility_id: string;
  user_id: string;
  patient_id: string;
  pathway: 'standard' | 'preimported';
  state: ScanSessionState;
  expires_at: Date;
  created_at: Date;
  opened_at: Date | null;
  facility_slug: string;
  facility_name: string;
  user_rpps: string;
  user_first_name: string;
  user_last_name: string;
  secret_hash: Uint8Array;
  cookie_hash: Uint8Array | null;
}

const SELECT_VIEW = `select s.id, s.partner_id, s.service_account_id, s.facility_id, s.user_id, s.patient_id,
  s.pathway, s.state, s.expires_at, s.created_at, s.opened_at, s.secret_hash, s.cookie_hash,
  f.slug as facility_slug, f.name as facility_name,
  u.rpps as user_rpps, u.first_name as user_first_name, u.last_name as user_last_name
  from scan_sessions s join facilities f on f.id = s.facility_id join users u on u.id = s.user_id`;

/** Allowed transitions: target state → states it may come from. */
export const TRANSITIONS: Readonly<Record<ScanSessionState, readonly ScanSessionState[]>> = {
  created: [],
  opened: ['created'],
  reading: ['created', 'opened', 'ready'],
  ready: ['reading'],
  validated: ['ready'],
  cancelled: ['created', 'opened', 'reading', 'ready'],
  expired: ['created', 'opened', 'reading', 'ready'],
};

function toView(r: ViewRow): ScanSessionView & { secretHash: Uint8Array; cookieHash: Uint8Array | null } {
  const expiresAt = new Date(r.expires_at);
  const expired = !TERMINAL_STATES.includes(r.state) && expiresAt.getTime() <= Date.now();
  return {
    id: r.id,
    partnerId: r.partner_id,
    serviceAccountId: r.service_account_id,
    facilityId: r.facility_id,
    userId: r.user_id,
    patientId: r.patient_id,
    pathway: r.pathway,
    state: expired ? 'expired' : r.state,
    expiresAt,
    createdAt: new Date(r.created_at),
    openedAt: r.opened_at === null ? null : new Date(r.opened_at),
    facilitySlug: r.facility_slug,
    facilityName: r.facility_name,
    userRpps: r.user_rpps,
    userFirstName: r.user_first_name,
    userLastName: r.user_last_name,
    secretHash: r.secret_hash,
    cookieHash: r.cookie_hash,
  };
}

export interface NewScanSession {
  id: string;
  secretHash: Buffer;
  keyId: string;
  partnerId: string;
  serviceAccountId: string;
  facilityId: string;
  userId: string;
  patientId: string;
  pathway: 'standard' | 'preimported';
  ttlMinutes: number;
}

/**
 * Inserts a session, only if the partner key is still active (the revocation check of the context
 * call happens in the same statement, so it is never stale).
 * @param db - database or transaction
 * @param s - the session
 * @returns the expiry, or null when the key is revoked or gone
 */
export async function insertScanSession(db: Queryable, s: NewScanSession): Promise<Date | null> {
  const r = await db.query<{ expires_at: Date }>(
    `insert into scan_sessions (id, secret_hash, partner_id, service_account_id, facility_id, user_id, patient_id,
       pathway, expires_at)
     select $1, $2, $3, $4, $5, $6, $7, $8, now() + make_interval(mins => $9::int)
      where exists (select 1 from service_account_keys where id = $10 and revoked_at is null)
     returning expires_at`,
    [
      s.id,
      s.secretHash,
      s.partnerId,
      s.serviceAccountId,
      s.facilityId,
      s.userId,
      s.patientId,
      s.pathway,
      s.ttlMinutes,
      s.keyId,
    ],
  );
  const row = r.rows[0];
  return row === undefined ? null : new Date(row.expires_at);
}

/** @returns the session with its stored hashes, or null */
export async function findScanSession(
  db: Queryable,
  id: string,
): Promise<(ScanSessionView & { secretHash: Uint8Array; cookieHash: Uint8Array | null }) | null> {
  const r = await db.query<ViewRow>(`${SELECT_VIEW} where s.id = $1`, [id]);
  const row = r.rows[0];
  return row === undefined ? null : toView(row);
}

/** @returns the session whose web-app cookie hashes to `cookieHash`, or null */
export async function findScanSessionByCookie(
  db: Queryable,
  cookieHash: Buffer,
): Promise<ScanSessionView | null> {
  const r = await db.query<ViewRow>(`${SELECT_VIEW} where s.cookie_hash = $1`, [cookieHash]);
  const row = r.rows[0];
  if (row === undefined) return null;
  const { secretHash: _s, cookieHash: _c, ...view } = toView(row);
  return view;
}

/**
 * Binds the web-app cookie to a session, once: moves created → opened.
 * @param db - database
 * @param id - session id
 * @param cookieHash - sha256 of the cookie
 * @returns false when the session was already exchanged, finished or expired meanwhile
 */
export async function bindSessionCookie(db: Queryable, id: string, cookieHash: Buffer): Promise<boolean> {
  const r = await db.query(
    `update scan_sessions set cookie_hash = $2, opened_at = now(), updated_at = now(),
       state = case when state = 'created' then 'opened' else state end
     where id = $1 and cookie_hash is null and expires_at > now()
       and state not in ('validated', 'cancelled', 'expired')`,
    [id, cookieHash],
  );
  return r.rowCount > 0;
}

/**
 * Moves a session to a new state if the transition is allowed from its current state.
 * @param db - database or transaction
 * @param id - session id
 * @param to - target state
 * @throws AppError `conflict` when the session is not in a state that may move to `to` (or has expired)
 */
export async function transitionScanSession(db: Queryable, id: string, to: ScanSessionState): Promise<void> {
  const from = TRANSITIONS[to];
  const r = await db.query(
    `update scan_sessions set state = $2, updated_at = now()
      where id = $1 and state = any($3::text[]) and ($2 = 'expired' or expires_at > now())`,
    [id, to, from],
  );
  if (r.rowCount === 0) {
    throw new AppError('conflict', `The scan session cannot move to "${to}" from its current state`);
  }
}
