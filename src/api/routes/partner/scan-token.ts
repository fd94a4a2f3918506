/**
 * @module `POST /api/partners/patient/scan-token`: the Scan & Go context call
 * (shared/seeds/scan-go-api.md). The handler only trims, decodes and delegates to openScanSession.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from '../../../config.js';
import { SCAN_TOKEN_BODY_LIMIT, decodeImages } from '../../../registry/image-input.js';
import { batcherOptionsFor, createContextSessionBatcher } from '../../../registry/context-session-batcher.js';
import { openScanSession } from '../../../registry/open-scan-session.js';
import type { Db } from '../../../store/db.js';
import { PARTNER_SECURITY, partnerOf, requirePartner } from '../../plugins/auth.js';
import { errorResponses } from '../../schemas/error.js';
import { FIELD_LIMITS, ScanTokenBodySchema, ScanTokenResponseSchema } from '../../schemas/partner.js';

/** Hook run after each session is opened (e.g. to enqueue the scan of pre-imported files). */
export type SessionOpenedHook = (session: {
  sessionId: string;
  pathway: 'standard' | 'preimported';
}) => Promise<void>;

/**
 * Registers the context call.
 * @param app - root instance (partner auth installed)
 * @param deps - config, database, optional hook after a session is opened
 */
export function registerScanTokenRoute(
  app: FastifyInstance,
  deps: { config: Config; db: Db; onSessionOpened?: SessionOpenedHook },
): void {
  // Concurrent context calls share insert statements (group commit), sized for the database.
  const batcher = createContextSessionBatcher(deps.db, batcherOptionsFor(deps.db.kind));
  app.withTypeProvider<TypeBoxTypeProvider>().post(
    '/api/partners/patient/scan-token',
    {
      bodyLimit: SCAN_TOKEN_BODY_LIMIT,
      onRequest: requirePartner,
      // The seed's strings are trimmed before the length checks.
      preValidation: (request, _reply, done) => {
        const body = request.body as Record<string, unknown> | null;
        if (body !== null && typeof body === 'object') {
          for (const k of Object.keys(FIELD_LIMITS)) {
            const v = body[k];
            if (typeof v === 'string') body[k] = v.trim();
          }
        }
        done();
      },
      schema: {
        tags: ['Partner API'],
        summary: 'Open a Scan & Go session for a user and a patient; returns the one-time URL',
        security: PARTNER_SECURITY,
        body: ScanTokenBodySchema,
        response: { 200: ScanTokenResponseSchema, ...errorResponses(400, 401, 403, 413) },
      },
    },
    async (request) => {
      const b = request.body;
      const opened = await openScanSession(
        deps.db,
        partnerOf(request),
        {
          firstName: b.first_name,
          lastName: b.last_name,
          rpps: b.rpps,
          facilitySlug: b.facilitySlug,
          patientId: b.patientId,
          files: decodeImages(b.images ?? []),
        },
        deps.config.scanAppUrl,
        batcher.insert,
      );
      if (deps.onSessionOpened !== undefined) {
        await deps.onSessionOpened({ sessionId: opened.sessionId, pathway: opened.pathway });
      }
      return { token: opened.token, url: opened.url };
    },
  );
}
