/**
 * @module The context call (`POST /api/partners/patient/scan-token`): checks the caller's right to the
 * facility and the user's right to import, creates the session (and stores pre-imported files), and
 * returns the one-time token and URL. In the common case (known, enabled user; no files) one
 * statement does it all, shared with the calls made at the same time when the route's batcher is used.
 */
import { allowedFacility, type AllowedFacility, type PartnerContext } from '../auth/partner-context.js';
import { hashSecret, newScanToken } from '../auth/scan-token.js';
import { AppError } from '../errors.js';
import type { Db } from '../store/db.js';
import { withDefaultSettings } from './facilities.js';
import type { DecodedFile } from './image-input.js';
import { insertScanSession, type NewScanSession } from './scan-sessions.js';
import { insertSessionFile } from './session-files.js';
import { ensureUser } from './users.js';
import { DEFAULT_FACILITY_SETTINGS, type FacilitySettings } from './types.js';
import {
  insertContextSession,
  type ContextSessionInput,
  type ContextSessionOutcome,
} from './insert-context-session.js';

export interface ContextCall {
  firstName: string;
  lastName: string;
  rpps: string;
  facilitySlug: string;
  patientId: string;
  files: DecodedFile[];
}

export interface OpenedScanSession {
  sessionId: string;
  /** `<id>%7C<secret>` */
  token: string;
  url: string;
  expiresAt: Date;
  pathway: 'standard' | 'preimported';
}

interface FacilityUserRow {
  settings: Partial<FacilitySettings> | string;
  user_id: string | null;
  import_enabled: boolean | null;
}

/**
 * Opens a scan session for a context call.
 * @param db - database
 * @param caller - the authenticated partner
 * @param call - the checked request
 * @param scanAppUrl - SCAN_APP_URL
 * @param insertFast - the common case's statement (default: one statement for this call; the route
 *   passes a `ContextSessionBatcher` to group concurrent calls)
 * @throws AppError `forbidden` (facility not allowed, user unknown or not enabled), `unauthorized` (key revoked)
 */
export async function openScanSession(
  db: Db,
  caller: PartnerContext,
  call: ContextCall,
  scanAppUrl: string,
  insertFast: (s: ContextSessionInput) => Promise<ContextSessionOutcome> = (s) => insertContextSession(db, s),
): Promise<OpenedScanSession> {
  const facility = allowedFacility(caller, call.facilitySlug);
  if (facility === null) {
    throw new AppError('forbidden', `This service account may not use facility "${call.facilitySlug}"`);
  }
  const t = newScanToken();
  const session: NewScanSession = {
    id: t.sessionId,
    secretHash: hashSecret(t.secret),
    keyId: caller.keyId,
    partnerId: caller.partnerId,
    serviceAccountId: caller.serviceAccountId,
    facilityId: facility.id,
    userId: '',
    patientId: call.patientId,
    pathway: call.files.length > 0 ? 'preimported' : 'standard',
    ttlMinutes: DEFAULT_FACILITY_SETTINGS.sessionTtlMinutes,
  };
  let expiresAt: Date | null = null;
  if (call.files.length === 0) {
    // Common case first: one statement checks key and user and inserts.
    const fast = await insertFast({
      ...session,
      rpps: call.rpps,
      defaultTtlMinutes: DEFAULT_FACILITY_SETTINGS.sessionTtlMinutes,
    });
    if (fast.facilityFound && !fast.keyActive) throw revoked();
    expiresAt = fast.expiresAt;
  }
  expiresAt ??= await slowPath(db, facility, call, session);
  const sep = scanAppUrl.includes('?') ? '&' : '?';
  return {
    sessionId: t.sessionId,
    token: t.encoded,
    url: `${scanAppUrl}${sep}token=${t.encoded}`,
    expiresAt,
    pathway: session.pathway,
  };
}

/** The checks one by one: auto-provisioning, precise errors, and pre-imported files in a transaction. */
async function slowPath(
  db: Db,
  facility: AllowedFacility,
  call: ContextCall,
  session: NewScanSession,
): Promise<Date> {
  const r = await db.query<FacilityUserRow>(
    `select f.settings, u.id as user_id, u.import_enabled
       from facilities f left join users u on u.facility_id = f.id and u.rpps = $2 where f.id = $1`,
    [facility.id, call.rpps],
  );
  const row = r.rows[0];
  if (row === undefined) throw new AppError('forbidden', `Facility "${call.facilitySlug}" no longer exists`);
  const settings = withDefaultSettings(row.settings);
  let userId = row.user_id;
  if (userId === null) {
    if (settings.provisioning !== 'auto') {
      throw new AppError('forbidden', `User "${call.rpps}" is not registered in facility "${facility.slug}"`);
    }
    const user = await ensureUser(db, {
      facilityId: facility.id,
      rpps: call.rpps,
      firstName: call.firstName,
      lastName: call.lastName,
    });
    if (!user.importEnabled) throw notEnabled(call.rpps);
    userId = user.id;
  } else if (row.import_enabled !== true) {
    throw notEnabled(call.rpps);
  }
  const full = { ...session, userId, ttlMinutes: settings.sessionTtlMinutes };
  const expiresAt =
    call.files.length === 0
      ? await insertScanSession(db, full)
      : await db.transaction(async (tx) => {
          const exp = await insertScanSession(tx, full);
          if (exp !== null) for (const f of call.files) await insertSessionFile(tx, full.id, f);
          return exp;
        });
  if (expiresAt === null) throw revoked();
  return expiresAt;
}

const revoked = (): AppError => new AppError('unauthorized', 'The key behind this token has been revoked');

const notEnabled = (rpps: string): AppError =>
  new AppError('forbidden', `User "${rpps}" is not enabled for prescription import in this facility`);
