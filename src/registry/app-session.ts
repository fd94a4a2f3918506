/**
 * @module The web app's side of a scan session: exchanging the one-time token for a session cookie
 * (once), and finding the session behind a cookie. The cookie is 32 random bytes; only its sha256 is
 * stored.
 */
import { createHash, randomBytes } from 'node:crypto';
import { parseScanToken, secretMatches } from '../auth/scan-token.js';
import { AppError } from '../errors.js';
import type { Queryable } from '../store/db.js';
import {
  bindSessionCookie,
  findScanSession,
  findScanSessionByCookie,
  type ScanSessionView,
} from './scan-sessions.js';
import { TERMINAL_STATES } from './types.js';

/** @returns sha256 of a cookie value */
export const hashCookie = (cookie: string): Buffer => createHash('sha256').update(cookie, 'utf8').digest();

/**
 * Exchanges a Scan & Go token for a cookie. Works once per session.
 * @param db - database
 * @param token - the token from the URL (`%7C` or `|`)
 * @returns the cookie value to set and the session
 * @throws AppError `unauthorized` (malformed or unknown token), `gone` (used, expired, cancelled, validated)
 */
export async function exchangeScanToken(
  db: Queryable,
  token: string,
): Promise<{ cookie: string; session: ScanSessionView }> {
  const parsed = parseScanToken(token);
  if (parsed === null) throw new AppError('unauthorized', 'This link is not a valid Scan & Go link');
  const s = await findScanSession(db, parsed.sessionId);
  if (s === null || !secretMatches(parsed.secret, s.secretHash)) {
    throw new AppError('unauthorized', 'This link is not a valid Scan & Go link');
  }
  assertUsable(s);
  if (s.cookieHash !== null) {
    throw new AppError('gone', 'This link has already been used: open a new one from your software');
  }
  const cookie = randomBytes(32).toString('base64url');
  if (!(await bindSessionCookie(db, s.id, hashCookie(cookie)))) {
    throw new AppError(
      'gone',
      'This link has already been used or has expired: open a new one from your software',
    );
  }
  const session = await findScanSession(db, s.id);
  if (session === null) throw new AppError('gone', 'This scan session no longer exists');
  const { secretHash: _s, cookieHash: _c, ...view } = session;
  return { cookie, session: view };
}

/** @throws AppError `gone` when the session is expired, cancelled or validated */
function assertUsable(s: ScanSessionView): void {
  if (s.state === 'expired') {
    throw new AppError('gone', 'This scan session has expired: open a new one from your software');
  }
  if (TERMINAL_STATES.includes(s.state)) throw new AppError('gone', `This scan session is ${s.state}`);
}

/**
 * Finds the session behind a web-app cookie.
 * @param db - database
 * @param cookie - the cookie value, if any
 * @param opts - `allowFinished`: also accept validated/cancelled/expired sessions (read-only views)
 * @throws AppError `unauthorized` (no or unknown cookie), `gone` (finished, unless allowed)
 */
export async function sessionFromCookie(
  db: Queryable,
  cookie: string | undefined,
  opts: { allowFinished?: boolean } = {},
): Promise<ScanSessionView> {
  if (cookie === undefined || cookie === '') {
    throw new AppError('unauthorized', 'No scan session: open the link given by your software');
  }
  const s = await findScanSessionByCookie(db, hashCookie(cookie));
  if (s === null) {
    throw new AppError('unauthorized', 'Unknown scan session: open the link given by your software');
  }
  if (opts.allowFinished !== true) assertUsable(s);
  return s;
}
