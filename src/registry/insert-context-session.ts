/**
 * @module The context call's common case in one statement, for one or many calls at once: for each
 * call, check the partner key is still active and the user is known and enabled, then insert the
 * session with the facility's TTL. When a call's session is not inserted, its outcome's flags say
 * why, and the caller takes the slow path (provisioning, errors). Calls are independent: a call for a
 * facility that no longer exists, or a revoked key, or a disabled user, only affects its own outcome.
 *
 * The calls travel as parallel arrays (`unnest`), so the statement text is the same whatever their
 * number and PostgreSQL keeps it prepared (named statement). Concurrent calls are grouped into one
 * statement by `context-session-batcher.ts` (group commit).
 *
 * The insert commits with `synchronous_commit = off` (set for this transaction only, via set_config):
 * it skips the WAL flush wait, which is most of the call's cost. Trade-off, accepted on purpose: a
 * session created in the last fraction of a second before a PostgreSQL crash may be lost; its link
 * then answers 401 and the software opens a new one. No clinical data is involved (sessions with
 * pre-imported files are written synchronously).
 */
import type { Queryable } from '../store/db.js';

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
  /** Whether the user exists in the facility. */
  userFound: boolean;
  importEnabled: boolean | null;
  /** Set when the session was inserted. */
  expiresAt: Date | null;
}

/** Only small scalars come back (no jsonb, no timestamp text to parse): this runs for every call. */
interface Row {
  ord: number;
  user_found: boolean;
  import_enabled: boolean | null;
  key_active: boolean;
  /** Milliseconds since the epoch (int8: a number with pg's parser set in store/db.ts, a bigint on PGlite). */
  expires_ms: number | bigint | null;
}

/** Name of the prepared statement on PostgreSQL connections. */
const STATEMENT_NAME = 'ordoscan_insert_context_sessions';

const SQL = `with input as (
     select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::uuid[], $7::uuid[],
                          $8::text[], $9::int[])
       with ordinality as i(id, secret_hash, key_id, rpps, facility_id, partner_id, service_account_id,
                            patient_id, default_ttl, ord)),
   ctx as (
     select i.ord, i.id, i.secret_hash, i.partner_id, i.service_account_id, i.patient_id, i.default_ttl,
            f.id as facility_id, f.settings, u.id as user_id, u.import_enabled,
            exists (select 1 from service_account_keys k where k.id = i.key_id and k.revoked_at is null) as key_active
       from input i join facilities f on f.id = i.facility_id
       left join users u on u.facility_id = f.id and u.rpps = i.rpps),
   ins as (
     insert into scan_sessions (id, secret_hash, partner_id, service_account_id, facility_id, user_id, patient_id,
       pathway, expires_at)
     select c.id, decode(c.secret_hash, 'hex'), c.partner_id, c.service_account_id, c.facility_id, c.user_id,
            c.patient_id, 'standard',
            now() + make_interval(mins => coalesce((c.settings ->> 'sessionTtlMinutes')::int, c.default_ttl))
       from ctx c cross join (select set_config('synchronous_commit', 'off', true)) async_commit
      where c.key_active and c.import_enabled
     returning id, expires_at)
   select c.ord::int as ord, c.user_id is not null as user_found, c.import_enabled, c.key_active,
          floor(extract(epoch from ins.expires_at) * 1000)::int8 as expires_ms
     from ctx c left join ins on ins.id = c.id`;

const NO_FACILITY: ContextSessionOutcome = {
  facilityFound: false,
  keyActive: false,
  userFound: false,
  importEnabled: null,
  expiresAt: null,
};

/**
 * Inserts standard-pathway sessions for several context calls in one statement (one transaction):
 * each call's session is inserted if its key is active and its user exists and is enabled.
 * @param db - database
 * @param calls - session fields and the user's rpps, per call
 * @returns one outcome per call, in the same order
 * @throws the database error when the statement fails (then nothing was inserted)
 */
export async function insertContextSessions(
  db: Queryable,
  calls: readonly ContextSessionInput[],
): Promise<ContextSessionOutcome[]> {
  if (calls.length === 0) return [];
  const r = await db.query<Row>(
    SQL,
    [
      calls.map((s) => s.id),
      calls.map((s) => s.secretHash.toString('hex')),
      calls.map((s) => s.keyId),
      calls.map((s) => s.rpps),
      calls.map((s) => s.facilityId),
      calls.map((s) => s.partnerId),
      calls.map((s) => s.serviceAccountId),
      calls.map((s) => s.patientId),
      calls.map((s) => s.defaultTtlMinutes),
    ],
    { name: STATEMENT_NAME },
  );
  const outcomes: ContextSessionOutcome[] = calls.map(() => NO_FACILITY);
  for (const row of r.rows) {
    outcomes[row.ord - 1] = {
      facilityFound: true,
      keyActive: row.key_active,
      userFound: row.user_found,
      importEnabled: row.import_enabled,
      expiresAt: row.expires_ms === null ? null : new Date(Number(row.expires_ms)),
    };
  }
  return outcomes;
}

/**
 * Inserts one standard-pathway session if the key is active and the user exists and is enabled.
 * @param db - database
 * @param s - session fields and the user's rpps
 */
export async function insertContextSession(
  db: Queryable,
  s: ContextSessionInput,
): Promise<ContextSessionOutcome> {
  const [outcome] = await insertContextSessions(db, [s]);
  return outcome ?? NO_FACILITY;
}
