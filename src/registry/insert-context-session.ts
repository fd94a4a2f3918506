/**
 * @module The context call's common case in one statement: check the partner key is still active and
 * the user is known and enabled, then insert the session with the facility's TTL. When it does not
 * insert, the returned flags say why, and the caller takes the slow path (provisioning, errors).
 *
 * The insert commits with `synchronous_commit = off` (set for this transaction only, via set_config):
 * it skips the WAL flush wait, which is most of the call's cost. Trade-off, accepted on purpose: a
 * session created in the last fraction of a second before a PostgreSQL crash may be lost; its link
 * then answers 401 and the software opens a new one. No clinical data is involved (sessions with
 * pre-imported files are written synchronously).
 */
import type { Queryable } from '../store/db.js';
import type { FacilitySettings } from './types.js';

export interface ContextSessionInput {
  id: string;
  secretHash: Buffer;
  keyId: string;
  partnerId: string;
  serviceAccountId: string;
  facilityId: string;
  rpps: string;
  patientId: string;
  defaultTtlMinutes: number;
}

export interface ContextSessionOutcome {
  /** False when the facility no longer exists (nothing else is meaningful then). */
  facilityFound: boolean;
  keyActive: boolean;
  settings: Partial<FacilitySettings> | string | null;
  userId: string | null;
  importEnabled: boolean | null;
  /** Set when the session was inserted. */
  expiresAt: Date | null;
}

interface Row {
  settings: Partial<FacilitySettings> | string;
  user_id: string | null;
  import_enabled: boolean | null;
  key_active: boolean;
  expires_at: Date | null;
}

/**
 * Inserts a standard-pathway session if the key is active and the user exists and is enabled.
 * @param db - database
 * @param s - session fields and the user's rpps
 */
export async function insertContextSession(
  db: Queryable,
  s: ContextSessionInput,
): Promise<ContextSessionOutcome> {
  const r = await db.query<Row>(
    `with ctx as (
       select f.id as facility_id, f.settings, u.id as user_id, u.import_enabled,
              exists (select 1 from service_account_keys k where k.id = $3 and k.revoked_at is null) as key_active
         from facilities f left join users u on u.facility_id = f.id and u.rpps = $4
        where f.id = $5),
     ins as (
       insert into scan_sessions (id, secret_hash, partner_id, service_account_id, facility_id, user_id, patient_id,
         pathway, expires_at)
       select $1, $2, $6, $7, ctx.facility_id, ctx.user_id, $8, 'standard',
              now() + make_interval(mins => coalesce((ctx.settings ->> 'sessionTtlMinutes')::int, $9::int))
         from ctx cross join (select set_config('synchronous_commit', 'off', true)) async_commit
        where ctx.key_active and ctx.import_enabled
       returning expires_at)
     select ctx.settings, ctx.user_id, ctx.import_enabled, ctx.key_active, (select expires_at from ins) as expires_at
       from ctx`,
    [
      s.id,
      s.secretHash,
      s.keyId,
      s.rpps,
      s.facilityId,
      s.partnerId,
      s.serviceAccountId,
      s.patientId,
      s.defaultTtlMinutes,
    ],
  );
  const row = r.rows[0];
  if (row === undefined) {
    return {
      facilityFound: false,
      keyActive: false,
      settings: null,
      userId: null,
      importEnabled: null,
      expiresAt: null,
    };
  }
  return {
    facilityFound: true,
    keyActive: row.key_active,
    settings: row.settings,
    userId: row.user_id,
    importEnabled: row.import_enabled,
    expiresAt: row.expires_at === null ? null : new Date(row.expires_at),
  };
}
