/**
 * @module The read-only FHIR R4 endpoint of a facility, `/fhir/r4/{facilitySlug}`: `metadata`, read
 * `RequestGroup/{id}` and search `RequestGroup`, over the validated prescriptions of that facility,
 * for partners allowed on it (same bearer id_token as the partner API). Every answer is
 * `application/fhir+json`; errors are `OperationOutcome`s (own error handler in this scope).
 */
import { Type } from '@fastify/type-provider-typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { allowedFacility, type AllowedFacility } from '../../../auth/partner-context.js';
import {
  getValidatedPrescription,
  searchValidatedPrescriptions,
} from '../../../delivery/read-prescriptions.js';
import { FHIR_JSON } from '../../../delivery/resource.js';
import { AppError, type ErrorCode } from '../../../errors.js';
import type { Db } from '../../../store/db.js';
import { partnerOf, requirePartner } from '../../plugins/auth.js';
import { STATUS_BY_CODE } from '../../plugins/errors.js';
import { capabilityStatement, operationOutcome, searchsetBundle } from './resources.js';
import { parseRequestGroupSearch } from './search-params.js';

const AnyResource = Type.Unsafe<Record<string, unknown>>({ type: 'object', additionalProperties: true });
const SlugParams = Type.Object({ facilitySlug: Type.String({ maxLength: 100 }) });
const Repeated = Type.Array(Type.String({ maxLength: 200 }), { maxItems: 10 });
const SearchQuery = Type.Object({
  patient: Type.Optional(Repeated),
  subject: Type.Optional(Repeated),
  'subject:identifier': Type.Optional(Repeated),
  date: Type.Optional(Repeated),
  authored: Type.Optional(Repeated),
  _sort: Type.Optional(Repeated),
  _count: Type.Optional(Repeated),
  _offset: Type.Optional(Repeated),
});
const fhirResponses = {
  200: AnyResource,
  400: AnyResource,
  401: AnyResource,
  403: AnyResource,
  404: AnyResource,
};

declare module 'fastify' {
  interface FastifyRequest {
    /** The facility of a FHIR endpoint request, checked against the caller. */
    fhirFacility: AllowedFacility | null;
  }
}

function baseUrl(request: FastifyRequest, slug: string): string {
  return `${request.protocol}://${request.host}/fhir/r4/${encodeURIComponent(slug)}`;
}

function toAppError(err: FastifyError | Error): AppError {
  if (err instanceof AppError) return err;
  const fe = err as FastifyError;
  if (fe.validation) return new AppError('invalid', `Invalid request: ${fe.message}`);
  const status = fe.statusCode ?? 500;
  const code = (Object.entries(STATUS_BY_CODE).find(([, s]) => s === status)?.[0] ?? 'internal') as ErrorCode;
  return code === 'internal'
    ? new AppError('internal', 'Internal error', { cause: err })
    : new AppError(code, fe.message);
}

/** Resolves and checks the facility of the URL: 403 when the caller may not read it (or it does not exist). */
function requireFacility(request: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void): void {
  const slug = (request.params as { facilitySlug?: string }).facilitySlug ?? '';
  const f = allowedFacility(partnerOf(request), slug);
  if (f === null) {
    done(new AppError('forbidden', `This key may not read facility "${slug}"`));
    return;
  }
  request.fhirFacility = f;
  done();
}

function sendFhir(reply: FastifyReply, body: object): FastifyReply {
  return reply.type(`${FHIR_JSON}; charset=utf-8`).send(body);
}

/**
 * Registers the FHIR endpoint.
 * @param app - root instance (partner auth installed)
 * @param deps - database
 */
export async function registerFhirRoutes(app: FastifyInstance, deps: { db: Db }): Promise<void> {
  app.decorateRequest('fhirFacility', null);
  await app.register(
    (scope, _opts, done) => {
      scope.setErrorHandler((err: FastifyError, request, reply) => {
        const e = toAppError(err);
        const status = STATUS_BY_CODE[e.code];
        if (status >= 500) request.log.error({ err: e.cause ?? err }, 'FHIR request failed');
        if (e.code === 'unauthorized' && !reply.hasHeader('www-authenticate')) {
          void reply.header('www-authenticate', 'Bearer error="invalid_token"');
        }
        return sendFhir(
          reply.status(status),
          operationOutcome(e.code, status >= 500 ? 'Internal error' : e.message),
        );
      });
      scope.setNotFoundHandler((request, reply) =>
        sendFhir(
          reply.status(404),
          operationOutcome(
            'not-found',
            `Not supported: ${request.method} ${request.url.split('?')[0] ?? ''}`,
          ),
        ),
      );
      scope.addHook('onRequest', requirePartner);
      scope.addHook('preHandler', requireFacility);
      const r = scope.withTypeProvider<TypeBoxTypeProvider>();
      const schema = { hide: true, params: SlugParams, response: fhirResponses };

      r.get('/metadata', { schema }, async (request, reply) =>
        sendFhir(reply, capabilityStatement(baseUrl(request, request.params.facilitySlug), new Date())),
      );

      r.get(
        '/RequestGroup/:id',
        {
          schema: {
            ...schema,
            params: Type.Object({
              facilitySlug: Type.String({ maxLength: 100 }),
              id: Type.String({ maxLength: 64 }),
            }),
          },
        },
        async (request, reply) => {
          const facilityId = (request.fhirFacility as AllowedFacility).id;
          const p = await getValidatedPrescription(deps.db, request.params.id, [facilityId]);
          if (p === null) throw new AppError('not-found', `RequestGroup/${request.params.id} is not known`);
          return sendFhir(reply, p.requestGroup);
        },
      );

      r.get('/RequestGroup', { schema: { ...schema, querystring: SearchQuery } }, async (request, reply) => {
        const s = parseRequestGroupSearch(request.query);
        const base = baseUrl(request, request.params.facilitySlug);
        const { items, total } = await searchValidatedPrescriptions(deps.db, {
          facilityIds: [(request.fhirFacility as AllowedFacility).id],
          authored: s.authored,
          sort: s.sort,
          count: s.count,
          offset: s.offset,
          ...(s.patientId !== undefined ? { patientId: s.patientId } : {}),
        });
        const link = (offset: number): string => {
          const qs = new URLSearchParams([
            ...s.applied,
            ['_count', String(s.count)],
            ['_offset', String(offset)],
          ]);
          return `${base}/RequestGroup?${qs.toString()}`;
        };
        const next = s.offset + items.length < total ? link(s.offset + s.count) : null;
        return sendFhir(
          reply,
          searchsetBundle(
            base,
            items.map((i) => i.requestGroup),
            total,
            { self: link(s.offset), next },
          ),
        );
      });
      done();
    },
    { prefix: '/fhir/r4/:facilitySlug' },
  );
}
