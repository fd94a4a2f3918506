/**
 * @module What every clinician-app route needs: its dependencies, the current scan session and the
 * actor recorded in the audit trail, and the CSRF rule for cookie-authenticated calls.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../../config.js';
import { AppError } from '../../../errors.js';
import type { ScanSessionView } from '../../../registry/scan-sessions.js';
import type { Actor } from '../../../store/corrections.js';
import type { Db } from '../../../store/db.js';
import { requireScanSession } from '../../plugins/session.js';
import { API_CSP, setAppSecurityHeaders } from '../../plugins/static-app.js';

export interface AppRouteDeps {
  config: Config;
  db: Db;
}

/** The header (and value) the web app sends on every call; a cross-site form cannot send it. */
export const CSRF_HEADER = 'x-requested-with';
export const CSRF_VALUE = 'ordoscan';

/**
 * `onRequest` hook of the app routes: no-store, security headers, and the CSRF check on every
 * state-changing method (the cookie is also SameSite=Strict).
 * Fails with AppError `forbidden` without the header.
 */
export function appRequestGuard(
  request: FastifyRequest,
  reply: FastifyReply,
  done: (err?: Error) => void,
): void {
  setAppSecurityHeaders(reply, API_CSP);
  void reply.header('cache-control', 'no-store');
  if (request.method !== 'GET' && request.method !== 'HEAD' && request.headers[CSRF_HEADER] !== CSRF_VALUE) {
    done(
      new AppError(
        'forbidden',
        `Missing ${CSRF_HEADER}: ${CSRF_VALUE} header (cross-site requests are refused)`,
      ),
    );
    return;
  }
  done();
}

/**
 * @param request - a request carrying the session cookie
 * @returns the open session (not validated, cancelled or expired)
 * @throws AppError `unauthorized`, `gone`
 */
export function openSessionOf(request: FastifyRequest): Promise<ScanSessionView> {
  return requireScanSession(request);
}

/** @returns the audit actor of a session */
export function actorOf(s: ScanSessionView): Actor {
  return { sessionId: s.id, userId: s.userId, label: `${s.userFirstName} ${s.userLastName} (${s.userRpps})` };
}
