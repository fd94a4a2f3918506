/**
 * @module Scan-session cookie for the web app's routes. After `POST /api/app/session` has exchanged
 * the one-time token, every app route calls `await requireScanSession(request)` to get the session
 * (facility, user, patientId, state). The cookie is HttpOnly, SameSite=Strict, Secure over https.
 */
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sessionFromCookie } from '../../registry/app-session.js';
import type { ScanSessionView } from '../../registry/scan-sessions.js';
import type { Queryable } from '../../store/db.js';

/** Name of the web app's session cookie. */
export const SESSION_COOKIE = 'ordoscan_session';

declare module 'fastify' {
  interface FastifyInstance {
    /** Finds the session behind a cookie value; set up by registerScanSessions. */
    scanSessionLookup: (
      cookie: string | undefined,
      opts: { allowFinished?: boolean },
    ) => Promise<ScanSessionView>;
    /** Whether cookies get the Secure attribute (PUBLIC_URL is https). */
    secureCookies: boolean;
  }
}

/**
 * Installs cookie parsing and the session lookup on the root instance.
 * @param app - root instance
 * @param db - database
 * @param publicUrl - PUBLIC_URL (https → Secure cookies)
 */
export async function registerScanSessions(
  app: FastifyInstance,
  db: Queryable,
  publicUrl: string,
): Promise<void> {
  await app.register(cookie);
  app.decorate('scanSessionLookup', (value: string | undefined, opts: { allowFinished?: boolean }) =>
    sessionFromCookie(db, value, opts),
  );
  app.decorate('secureCookies', publicUrl.startsWith('https:'));
}

/**
 * Requires a scan-session cookie.
 * @param request - the request
 * @param opts - `allowFinished`: also accept validated, cancelled or expired sessions (read-only views)
 * @returns the session
 * @throws AppError `unauthorized` (no or unknown cookie), `gone` (expired, cancelled or validated)
 */
export function requireScanSession(
  request: FastifyRequest,
  opts: { allowFinished?: boolean } = {},
): Promise<ScanSessionView> {
  return request.server.scanSessionLookup(request.cookies[SESSION_COOKIE], opts);
}

/**
 * Sets the session cookie on a reply.
 * @param reply - the reply
 * @param value - the cookie value
 * @param expires - session expiry
 */
export function setSessionCookie(reply: FastifyReply, value: string, expires: Date): void {
  void reply.setCookie(SESSION_COOKIE, value, {
    httpOnly: true,
    sameSite: 'strict',
    secure: reply.server.secureCookies,
    path: '/',
    expires,
  });
}
