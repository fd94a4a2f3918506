/**
 * @module `GET /api/posology?query=&drug=&format=fhir|json`: structures one French dosage line into FHIR R4
 * Dosage for partners (bearer auth). Pure delegation to `parsePosology`; `format=json` adds a flat view per step.
 */
import { Type } from '@fastify/type-provider-typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Dosage } from '../../scan/types.js';
import { parsePosology } from '../../scan/posology/index.js';
import { toFlatDosages } from '../../scan/posology/flat-view.js';
import { PARTNER_SECURITY, requirePartner } from '../plugins/auth.js';
import { errorResponses } from '../schemas/error.js';

/** Longest dosage text accepted (a prescription line is far shorter). */
export const POSOLOGY_QUERY_MAX = 1000;

const PosologyQuerySchema = Type.Object({
  query: Type.String({
    minLength: 1,
    maxLength: POSOLOGY_QUERY_MAX,
    description: 'the dosage text as printed',
  }),
  drug: Type.Optional(
    Type.String({
      maxLength: 300,
      description: 'the drug as printed, for implicit units ("1-0-1" of "… cp")',
    }),
  ),
  format: Type.Optional(Type.Union([Type.Literal('fhir'), Type.Literal('json')], { default: 'fhir' })),
});

const AnyObject = Type.Unsafe<Dosage>(Type.Object({}, { additionalProperties: true }));

const PosologyResponseSchema = Type.Object({
  dosage: Type.Array(AnyObject, { description: 'FHIR R4 Dosage steps (same sequence = concurrent)' }),
  confidence: Type.Number({ minimum: 0, maximum: 1 }),
  reliability: Type.Union([Type.Literal('high'), Type.Literal('medium'), Type.Literal('low')]),
  renewals: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
  issues: Type.Array(
    Type.Object({
      severity: Type.String(),
      code: Type.String(),
      message: Type.String(),
      field: Type.Optional(Type.String()),
      details: Type.Optional(
        Type.Array(Type.String(), { description: 'What the issue is about, as printed' }),
      ),
    }),
  ),
  steps: Type.Optional(
    Type.Array(Type.Object({}, { additionalProperties: true }), { description: 'format=json only' }),
  ),
});

/**
 * Registers the posology helper route.
 * @param app - root instance (partner auth installed)
 */
export function registerPosologyRoute(app: FastifyInstance): void {
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    '/api/posology',
    {
      onRequest: requirePartner,
      schema: {
        tags: ['Partner API'],
        summary: 'Structure a French dosage text into FHIR R4 Dosage',
        security: PARTNER_SECURITY,
        querystring: PosologyQuerySchema,
        response: { 200: PosologyResponseSchema, ...errorResponses(400, 401) },
      },
    },
    (request) => {
      const { query, drug, format } = request.query;
      const r = parsePosology(query, drug === undefined ? {} : { drug });
      const body = {
        dosage: r.dosages,
        confidence: r.confidence,
        reliability: r.reliability,
        renewals: r.renewals,
        issues: r.issues,
      };
      return format === 'json' ? { ...body, steps: toFlatDosages(r.dosages) } : body;
    },
  );
}
