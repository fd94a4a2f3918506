/**
 * @module Phone pairing links and the patient inbox. A pairing link is `<32 hex id>.<secret>`; only
 * sha256(secret) is stored, the link works once (it is exchanged for a capture cookie whose hash is
 * stored) and everything stops at `expires_at`.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors.js';
import type { Queryable } from './db.js';

export type PairingKind = 'session' | 'patient';

export interface Pairing {
  id: string;
  kind: PairingKind;
  sessionId: string | null;
  facilityId: string;
  patientId: string | null;
  partnerId: string | null;
  expiresAt: Date;
  usedAt: Date | null;
}

interface PairingRow {
  id: string;
  kind: PairingKind;
  session_id: string | null;
  facility_id: string;
  patient_id: string | null;
  partner_id: string | null;
  expires_at: Date;
  used_at: Date | null;
  secret_hash: Uint8Array;
}

const COLUMNS = 'id, kind, session_id, facility_id, patient_id, partner_id, expires_at, used_at, secret_hash';
const sha256 = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();
const toPairing = (r: PairingRow): Pairing => ({
  id: r.id,
  kind: r.kind,
  sessionId: r.session_id,
  facilityId: r.facility_id,
  patientId: r.patient_id,
  partnerId: r.partner_id,
  expiresAt: new Date(r.expires_at),
  usedAt: r.used_at === null ? null : new Date(r.used_at),
});

/**
 * Creates a pairing link.
 * @param db - database
 * @param p - what the link is bound to and how long it lives
 * @returns the pairing and its one-time code (`id.secret`, to put in the link)
 */
export async function createPairing(
  db: Queryable,
  p: {
    kind: PairingKind;
    sessionId?: string;
    facilityId: string;
    patientId?: string;
    partnerId?: string;
    ttlSeconds: number;
  },
): Promise<{ pairing: Pairing; code: string }> {
  const id = randomBytes(16).toString('hex');
  const secret = randomBytes(24).toString('base64url');
  const r = await db.query<PairingRow>(
    `insert into app_pairings (id, secret_hash, kind, session_id, facility_id, patient_id, partner_id, expires_at)
     values ($1, $2, $3, $4, $5, $6, $7, now() + make_interval(secs => $8)) returning ${COLUMNS}`,
    [
      id,
      sha256(secret),
      p.kind,
      p.sessionId ?? null,
      p.facilityId,
      p.patientId ?? null,
      p.partnerId ?? null,
      p.ttlSeconds,
    ],
  );
  return { pairing: toPairing(r.rows[0] as PairingRow), code: `${id}.${secret}` };
}

/**
 * Exchanges a one-time code for a capture cookie.
 * @param db - database
 * @param code - `id.secret` from the link
 * @returns the pairing and the cookie value to set
 * @throws AppError `unauthorized` (unknown or malformed code), `gone` (expired or already used)
 */
export async function exchangePairingCode(
  db: Queryable,
  code: string,
): Promise<{ pairing: Pairing; cookie: string }> {
  const m = /^([0-9a-f]{32})\.([A-Za-z0-9_-]{16,64})$/.exec(code);
  if (m === null) throw new AppError('unauthorized', 'This phone link is not valid: scan the QR code again');
  const [, id, secret] = m as unknown as [string, string, string];
  const r = await db.query<PairingRow>(`select ${COLUMNS} from app_pairings where id = $1`, [id]);
  const row = r.rows[0];
  if (row === undefined || !timingSafeEqual(Buffer.from(row.secret_hash), sha256(secret))) {
    throw new AppError('unauthorized', 'This phone link is not valid: scan the QR code again');
  }
  if (new Date(row.expires_at).getTime() <= Date.now()) {
    throw new AppError('gone', 'This phone link has expired: show a new QR code on the computer');
  }
  const cookie = randomBytes(32).toString('base64url');
  const u = await db.query(
    'update app_pairings set used_at = now(), cookie_hash = $2 where id = $1 and used_at is null',
    [id, sha256(cookie)],
  );
  if (u.rowCount === 0) {
    throw new AppError('gone', 'This phone link was already used: show a new QR code on the computer');
  }
  return { pairing: { ...toPairing(row), usedAt: new Date() }, cookie };
}

/**
 * @param db - database
 * @param cookie - the capture cookie value
 * @returns the pairing behind a capture cookie
 * @throws AppError `unauthorized` (none or unknown), `gone` (expired)
 */
export async function pairingFromCookie(db: Queryable, cookie: string | undefined): Promise<Pairing> {
  if (cookie === undefined || cookie === '') {
    throw new AppError('unauthorized', 'No phone capture session: scan the QR code');
  }
  const r = await db.query<PairingRow>(`select ${COLUMNS} from app_pairings where cookie_hash = $1`, [
    sha256(cookie),
  ]);
  const row = r.rows[0];
  if (row === undefined) throw new AppError('unauthorized', 'No phone capture session: scan the QR code');
  if (new Date(row.expires_at).getTime() <= Date.now()) {
    throw new AppError('gone', 'The phone capture session has expired: show a new QR code on the computer');
  }
  return toPairing(row);
}

/** Stores a photo taken for a patient (patient pairing). */
export async function insertInboxFile(
  db: Queryable,
  pairing: Pairing,
  file: { bytes: Buffer; isPdf: boolean; mediaType: string | null },
): Promise<void> {
  await db.query(
    `insert into patient_inbox_files (pairing_id, facility_id, patient_id, bytes, is_pdf, media_type)
     values ($1, $2, $3, $4, $5, $6)`,
    [pairing.id, pairing.facilityId, pairing.patientId, file.bytes, file.isPdf, file.mediaType],
  );
}

/**
 * Moves the unclaimed inbox photos of a patient file into a session's pages (in one transaction:
 * each photo lands in one session only).
 * @param db - a transaction
 * @param session - the session (its facility and patient file)
 * @returns how many files were claimed
 */
export async function claimInboxFiles(
  db: Queryable,
  session: { id: string; facilityId: string; patientId: string },
): Promise<number> {
  const r = await db.query<{ id: string }>(
    `update patient_inbox_files set claimed_by_session = $1
      where id in (select id from patient_inbox_files
                    where facility_id = $2 and patient_id = $3 and claimed_by_session is null
                    order by created_at for update skip locked)
      returning id`,
    [session.id, session.facilityId, session.patientId],
  );
  if (r.rows.length === 0) return 0;
  await db.query(
    `insert into session_files (session_id, position, bytes, is_pdf, media_type, sha256, byte_size, source)
     select $1, (select coalesce(max(position), -1) from session_files where session_id = $1)
                + row_number() over (order by f.created_at),
            f.bytes, f.is_pdf, f.media_type, encode(sha256(f.bytes), 'hex'), length(f.bytes), 'phone'
       from patient_inbox_files f where f.id = any($2::uuid[])`,
    [session.id, r.rows.map((x) => x.id)],
  );
  return r.rows.length;
}
