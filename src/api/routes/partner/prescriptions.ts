/**
 * @module Partner pull API: `GET /api/partners/prescriptions` (validated prescriptions of the caller's
 * facilities, newest first, keyset-paginated) and `GET /api/partners/prescriptions/{id}` (the FHIR
 * RequestGroup, or the PN13 message with `Accept: application/xml` or `?format=pn13`).
 */
import { Type } from '@fastify/type-provider-typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { allowedFacility, type PartnerContext } from '../../../auth/partner-context.js';
import { PN13_MEDIA_TYPE, toPn13 } from '../../../delivery/pn13.js';
import {
  getValidatedPrescription,
  listValidatedPrescriptions,
  type PullCursor,
} from '../../../delivery/read-prescriptions.js';
import { FHIR_JSON } from '../../../delivery/resource.js';
import { readDeliverySettings } from '../../../delivery/settings.js';
import { AppError } from '../../../errors.js';
import { findFacility } from '../../../registry/facilities.js';
import type { Db } from '../../../store/db.js';
import { PARTNER_SECURITY, partnerOf, requirePartner } from '../../plugins/auth.js';
import { errorResponses } from '../../schemas/error.js';

const ResourceSchema = Type.Unsafe<Record<string, unknown>>({
  type: 'object',
  additionalProperties: true,
  description: 'FHIR R4 RequestGroup (DESIGN §2, docs/fhir.md)',
});

const ListQuerySchema = Type.Object({
  facilitySlug: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 100,
      description: 'slug or alias; default: all the caller may use',
    }),
  ),
  patientId: Type.Optional(
    Type.String({ minLength: 1, maxLength: 128, description: "the partner's patient id" }),
  ),
  since: Type.Optional(Type.String({ format: 'date-time', description: 'validated at or after (ISO 8601)' })),
  until: Type.Optional(Type.String({ format: 'date-time', description: 'validated before (ISO 8601)' })),
  count: Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'page size' }),
  cursor: Type.Optional(Type.String({ maxLength: 200, description: 'nextCursor of the previous page' })),
});

const ItemSchema = Type.Object({
  id: Type.String(),
  facilitySlug: Type.String(),
  patientId: Type.Union([Type.String(), Type.Null()]),
  validatedAt: Type.String({ format: 'date-time' }),
  authoredOn: Type.Union([Type.String(), Type.Null()]),
  requestGroup: ResourceSchema,
});

const ListSchema = Type.Object({
  items: Type.Array(ItemSchema),
  nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'pass as `cursor` for the next page' }),
});

function encodeCursor(c: PullCursor): string {
  return Buffer.from(`${c.validatedAt}|${c.id}`).toString('base64url');
}

function decodeCursor(s: string): PullCursor {
  const [validatedAt, id] = Buffer.from(s, 'base64url').toString('utf8').split('|');
  if (
    validatedAt === undefined ||
    id === undefined ||
    Number.isNaN(Date.parse(validatedAt)) ||
    !/^[0-9a-f-]{36}$/.test(id)
  ) {
    throw new AppError('invalid', 'cursor is not one returned by this API', {
      details: [{ field: '/cursor', message: 'is invalid' }],
    });
  }
  return { validatedAt, id };
}

/** @returns the facility ids the query may read, 403 for a facility the caller may not use */
function scope(caller: PartnerContext, facilitySlug: string | undefined): string[] {
  if (facilitySlug === undefined) return caller.facilities.map((f) => f.id);
  const f = allowedFacility(caller, facilitySlug);
  if (f === null) throw new AppError('forbidden', `This key may not read facility "${facilitySlug}"`);
  return [f.id];
}

function wantsPn13(request: FastifyRequest<{ Querystring: { format?: string } }>): boolean {
  if (request.query.format !== undefined) return request.query.format === 'pn13';
  const accept = request.headers.accept ?? '';
  return /\b(application|text)\/xml\b/.test(accept) && !/fhir\+json|application\/json/.test(accept);
}

/**
 * Registers the pull routes.
 * @param app - root instance (partner auth installed)
 * @param deps - database
 */
export function registerPartnerPrescriptionRoutes(app: FastifyInstance, deps: { db: Db }): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/api/partners/prescriptions',
    {
      onRequest: requirePartner,
      schema: {
        tags: ['Partner API'],
        summary: "Validated prescriptions of the caller's facilities, newest first",
        security: PARTNER_SECURITY,
        querystring: ListQuerySchema,
        response: { 200: ListSchema, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const caller = partnerOf(request);
      const q = request.query;
      const page = await listValidatedPrescriptions(deps.db, {
        facilityIds: scope(caller, q.facilitySlug),
        count: q.count,
        ...(q.patientId !== undefined ? { patientId: q.patientId } : {}),
        ...(q.since !== undefined ? { since: new Date(q.since) } : {}),
        ...(q.until !== undefined ? { until: new Date(q.until) } : {}),
        ...(q.cursor !== undefined ? { after: decodeCursor(q.cursor) } : {}),
      });
      const slugs = new Map(caller.facilities.map((f) => [f.id, f.slug]));
      return {
        items: page.items.map((p) => ({
          id: p.id,
          facilitySlug: slugs.get(p.facilityId) ?? '',
          patientId: p.patientId,
          validatedAt: p.validatedAt.toISOString(),
          authoredOn: p.authoredOn,
          requestGroup: p.requestGroup as unknown as Record<string, unknown>,
        })),
        nextCursor: page.next === null ? null : encodeCursor(page.next),
      };
    },
  );

  r.get(
    '/api/partners/prescriptions/:id',
    {
      onRequest: requirePartner,
      schema: {
        tags: ['Partner API'],
        summary:
          'One validated prescription: FHIR RequestGroup, or PN13 XML (Accept: application/xml or ?format=pn13)',
        security: PARTNER_SECURITY,
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        querystring: Type.Object({
          format: Type.Optional(Type.Union([Type.Literal('fhir'), Type.Literal('pn13')])),
        }),
        response: { 200: ResourceSchema, ...errorResponses(401, 404) },
      },
    },
    async (request, reply) => {
      const caller = partnerOf(request);
      const p = await getValidatedPrescription(
        deps.db,
        request.params.id,
        caller.facilities.map((f) => f.id),
      );
      if (p === null) {
        throw new AppError('not-found', `No validated prescription ${request.params.id} for this key`);
      }
      if (!wantsPn13(request)) {
        return reply.type(FHIR_JSON).send(p.requestGroup as unknown as Record<string, unknown>);
      }
      const facility = await findFacility(deps.db, p.facilityId);
      const unit = readDeliverySettings(facility?.settings.delivery).pn13MedicalUnit;
      const xml = toPn13(p.requestGroup, {
        messageId: p.id,
        emittedAt: new Date(),
        ...(unit !== null ? { medicalUnit: unit } : {}),
      });
      // A string payload is sent as is (the JSON response schema does not apply to it).
      return reply.type(`${PN13_MEDIA_TYPE}; charset=utf-8`).send(xml as unknown as Record<string, unknown>);
    },
  );
}
