/**
 * @module The web app's session: `POST /api/app/session` exchanges the one-time Scan & Go token for an
 * HttpOnly cookie (once; moves created → opened), `GET /api/app/session` returns the current session.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { exchangeScanToken } from '../../registry/app-session.js';
import type { ScanSessionView } from '../../registry/scan-sessions.js';
import type { Queryable } from '../../store/db.js';
import { requireScanSession, setSessionCookie } from '../plugins/session.js';
import { ScanSessionSummarySchema, SessionExchangeBodySchema } from '../schemas/app-session.js';
import { errorResponses } from '../schemas/error.js';

/** @returns what the web app shows about a session */
export function toSessionSummary(s: ScanSessionView): {
  facility: { slug: string; name: string };
  user: { rpps: string; firstName: string; lastName: string };
  patientId: string;
  state: ScanSessionView['state'];
  pathway: ScanSessionView['pathway'];
  expiresAt: string;
} {
  return {
    facility: { slug: s.facilitySlug, name: s.facilityName },
    user: { rpps: s.userRpps, firstName: s.userFirstName, lastName: s.userLastName },
    patientId: s.patientId,
    state: s.state,
    pathway: s.pathway,
    expiresAt: s.expiresAt.toISOString(),
  };
}

/**
 * Registers the session routes of the web app.
 * @param app - root instance (scan sessions installed)
 * @param deps - database
 */
export function registerAppSessionRoutes(app: FastifyInstance, deps: { db: Queryable }): void {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  typed.post(
    '/api/app/session',
    {
      schema: {
        body: SessionExchangeBodySchema,
        response: { 200: ScanSessionSummarySchema, ...errorResponses(400, 401, 410) },
      },
    },
    async (request, reply) => {
      const { cookie, session } = await exchangeScanToken(deps.db, request.body.token);
      setSessionCookie(reply, cookie, session.expiresAt);
      void reply.header('cache-control', 'no-store');
      return toSessionSummary(session);
    },
  );
  typed.get(
    '/api/app/session',
    { schema: { response: { 200: ScanSessionSummarySchema, ...errorResponses(401) } } },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      return toSessionSummary(await requireScanSession(request, { allowFinished: true }));
    },
  );
}
