/**
 * @module Partner authentication for Fastify routes. Any partner route adds
 * `onRequest: requirePartner` and reads the caller with `partnerOf(request)`:
 * `{ partnerId, serviceAccountId, keyId, clientEmail, facilities }`. Failures are `401` with a
 * `WWW-Authenticate: Bearer …` header (RFC 6750 §3).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PartnerAuthenticator, PartnerContext } from '../../auth/partner-context.js';
import { AppError } from '../../errors.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Checks bearer id_tokens; set up once by registerPartnerAuth. */
    partnerAuth: PartnerAuthenticator;
  }
  interface FastifyRequest {
    /** The authenticated partner, set by requirePartner; null elsewhere. */
    partner: PartnerContext | null;
  }
}

/** OpenAPI security requirement of partner routes (`components.securitySchemes.bearer`). */
export const PARTNER_SECURITY = [{ bearer: [] }];

/**
 * Installs partner authentication on the root instance (before any route).
 * @param app - the root Fastify instance
 * @param authenticator - the id_token + key checker
 */
export function registerPartnerAuth(app: FastifyInstance, authenticator: PartnerAuthenticator): void {
  app.decorate('partnerAuth', authenticator);
  app.decorateRequest('partner', null);
}

/**
 * Hook (`onRequest` or `preHandler`) that requires a valid partner bearer token.
 * @param request - the request; `request.partner` is set on success
 * @param reply - gets the WWW-Authenticate header on failure
 * @throws AppError `unauthorized`
 */
export async function requirePartner(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.headers.authorization === undefined) {
    void reply.header('www-authenticate', 'Bearer realm="ordoscan"');
  }
  request.partner = await request.server.partnerAuth.authenticate(request.headers.authorization);
}

/**
 * @returns the partner authenticated by requirePartner
 * @param request - a request of a route using requirePartner
 * @throws AppError `internal` when the route forgot requirePartner
 */
export function partnerOf(request: FastifyRequest): PartnerContext {
  if (request.partner === null) throw new AppError('internal', 'Route uses partnerOf without requirePartner');
  return request.partner;
}
