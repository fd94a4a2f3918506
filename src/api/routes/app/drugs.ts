/** @module `GET /api/app/drugs?q=&k=`: drug search for the line editor (the drug module's search). */
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { findSpecialty, loadDrugIndex, searchDrugs } from '../../../drugs/index.js';
import { openSessionOf } from './context.js';
import { toAppDrug } from './review.js';

const DrugSchema = Type.Object({
  cis: Type.String(),
  name: Type.String(),
  form: Type.String(),
  strength: Type.Union([Type.String(), Type.Null()]),
  substances: Type.Array(Type.String()),
  marketed: Type.Boolean(),
  atc: Type.Union([Type.String(), Type.Null()]),
});

/** Registers the drug search route (inside the app routes' scope). */
export function registerDrugSearchRoute(app: FastifyInstance): void {
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    '/api/app/drugs',
    {
      schema: {
        querystring: Type.Object({
          q: Type.String({ minLength: 1, maxLength: 100 }),
          k: Type.Integer({ minimum: 1, maximum: 50, default: 10 }),
        }),
        response: { 200: Type.Object({ results: Type.Array(DrugSchema) }) },
      },
    },
    async (request) => {
      await openSessionOf(request);
      const index = await loadDrugIndex();
      const hits = searchDrugs(index, request.query.q, request.query.k);
      return {
        results: hits
          .map((h) => findSpecialty(index, h.cis))
          .filter((s) => s !== null)
          .map(toAppDrug),
      };
    },
  );
}
