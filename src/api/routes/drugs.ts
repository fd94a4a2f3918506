/**
 * @module `GET /api/drugs/autocomplete?query=&k=`: typed-prefix drug search for partners (bearer
 * auth), ranked by score. Pure delegation to `searchDrugs` over the in-memory drug index.
 */
import { Type } from '@fastify/type-provider-typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { loadDrugIndex, searchDrugs, type DrugIndex } from '../../drugs/index.js';
import { PARTNER_SECURITY, requirePartner } from '../plugins/auth.js';
import { errorResponses } from '../schemas/error.js';

const AutocompleteQuerySchema = Type.Object({
  query: Type.String({ minLength: 1, maxLength: 200, description: 'what was typed ("dolipr", "amox 1g")' }),
  k: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10, description: 'number of results' })),
});

const DrugHitSchema = Type.Object({
  cis: Type.String({ description: 'CIS code (8 digits)' }),
  name: Type.String({ description: 'BDPM dénomination' }),
  form: Type.String(),
  substances: Type.Array(Type.String()),
  strength: Type.Union([Type.String(), Type.Null()]),
  marketed: Type.Boolean(),
  score: Type.Number({ minimum: 0, maximum: 1 }),
});

const AutocompleteResponseSchema = Type.Object({ results: Type.Array(DrugHitSchema) });

/**
 * Registers the drug autocomplete route.
 * @param app - root instance (partner auth installed)
 * @param loadIndex - where the drug index comes from (the shipped snapshot by default)
 */
export function registerDrugRoutes(
  app: FastifyInstance,
  loadIndex: () => Promise<DrugIndex> = loadDrugIndex,
): void {
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    '/api/drugs/autocomplete',
    {
      onRequest: requirePartner,
      schema: {
        tags: ['Partner API'],
        summary: 'Search French drugs (BDPM specialties) by typed prefix',
        security: PARTNER_SECURITY,
        querystring: AutocompleteQuerySchema,
        response: { 200: AutocompleteResponseSchema, ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const { query, k } = request.query;
      return { results: searchDrugs(await loadIndex(), query, k ?? 10) };
    },
  );
}
