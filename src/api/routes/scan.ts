/**
 * @module Direct scan API (no UI): `POST /api/scan` stores the files of one prescription and queues
 * its reading → `202 { id, status, statusUrl }`; `GET /api/scan/{id}` gives the status, then the FHIR
 * R4 RequestGroup once read; `?wait=N` long-polls up to N seconds. Reading never runs in the request.
 * Files come as JSON (`images: [{ image: base64, isPdf }]`, as in scan-token) or multipart parts.
 * A partner sees only its own scans (unknown and foreign ids are both 404).
 */
import multipart from '@fastify/multipart';
import { Type, type Static, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { allowedFacility, type PartnerContext } from '../../auth/partner-context.js';
import type { Config } from '../../config.js';
import { AppError } from '../../errors.js';
import { submitScan } from '../../jobs/submit-scan.js';
import {
  MAX_IMAGE_BYTES,
  MAX_IMAGES,
  MAX_TOTAL_IMAGE_BYTES,
  SCAN_TOKEN_BODY_LIMIT,
  decodeImages,
  sniffMediaType,
  type DecodedFile,
} from '../../registry/image-input.js';
import type { Db } from '../../store/db.js';
import {
  countReadingScans,
  getPrescriptionForPartner,
  type Prescription,
} from '../../store/prescriptions.js';
import { PARTNER_SECURITY, partnerOf, requirePartner } from '../plugins/auth.js';
import { errorResponses } from '../schemas/error.js';

/** Longest accepted `?wait=`, seconds (below common proxy timeouts). */
export const MAX_WAIT_SECONDS = 30;
/** How often a long poll re-reads the status. */
const WAIT_POLL_MS = 200;

const ScanBodySchema = Type.Object({
  images: Type.Array(
    Type.Object({
      image: Type.String({ description: 'the file content, base64' }),
      isPdf: Type.Boolean({ description: 'true for a PDF, false for an image' }),
    }),
    { minItems: 1, description: 'the pages of ONE prescription, in order' },
  ),
  facilitySlug: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  patientId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
});
type ScanBody = Static<typeof ScanBodySchema>;

const ScanStatusSchema = Type.Object({
  id: Type.String({ description: 'scan (prescription) id' }),
  status: Type.Union([
    Type.Literal('reading'),
    Type.Literal('ready'),
    Type.Literal('failed'),
    Type.Literal('validated'),
    Type.Literal('cancelled'),
  ]),
  statusUrl: Type.String(),
  createdAt: Type.String(),
  readAt: Type.Optional(Type.String()),
  error: Type.Optional(Type.String({ description: 'why reading failed (status failed)' })),
  requestGroup: Type.Optional(Type.Unknown({ description: 'FHIR R4 RequestGroup, once read' })),
});
type ScanStatus = Static<typeof ScanStatusSchema>;

/**
 * Registers the direct scan routes.
 * @param app - root instance (partner auth installed)
 * @param deps - config and database
 */
export async function registerScanRoutes(
  app: FastifyInstance,
  deps: { config: Config; db: Db },
): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(multipart, {
      limits: { fileSize: MAX_IMAGE_BYTES, files: MAX_IMAGES, fields: 10, fieldSize: 1024 },
    });
    const api = scope.withTypeProvider<TypeBoxTypeProvider>();
    const statusUrl = (id: string): string => `${deps.config.publicUrl}/api/scan/${id}`;

    api.post(
      '/api/scan',
      {
        bodyLimit: SCAN_TOKEN_BODY_LIMIT,
        onRequest: requirePartner,
        schema: {
          tags: ['Direct scan API'],
          summary: 'Queue the reading of one prescription (JSON base64 images or multipart files)',
          security: PARTNER_SECURITY,
          body: { content: { 'application/json': { schema: ScanBodySchema } } },
          response: {
            202: Type.Object({
              id: Type.String(),
              status: Type.Literal('reading'),
              statusUrl: Type.String(),
            }),
            ...errorResponses(400, 401, 403, 413, 415, 429),
          },
        },
      },
      async (request, reply) => {
        const partner = partnerOf(request);
        await refuseWhenQueueFull(deps, partner.partnerId, reply);
        const input = request.isMultipart() ? await readMultipart(request) : fromJson(request);
        const facilityId = facilityOf(partner, input.facilitySlug);
        const { prescriptionId } = await submitScan(deps.db, {
          files: input.files,
          partner: partner.partnerId,
          facilityId,
          sessionId: null,
          patientId: input.patientId ?? null,
        });
        void reply.status(202).header('location', statusUrl(prescriptionId));
        return { id: prescriptionId, status: 'reading' as const, statusUrl: statusUrl(prescriptionId) };
      },
    );

    api.get(
      '/api/scan/:id',
      {
        onRequest: requirePartner,
        schema: {
          tags: ['Direct scan API'],
          summary: 'Status of a scan, with the FHIR RequestGroup once read; ?wait=N long-polls',
          security: PARTNER_SECURITY,
          params: Type.Object({ id: Type.String() }),
          querystring: Type.Object({
            wait: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_WAIT_SECONDS })),
          }),
          response: { 200: ScanStatusSchema, ...errorResponses(400, 401, 404) },
        },
      },
      async (request) => {
        const partner = partnerOf(request).partnerId;
        const deadline = Date.now() + (request.query.wait ?? 0) * 1000;
        let p = await getPrescriptionForPartner(deps.db, request.params.id, partner);
        while (p?.status === 'reading' && Date.now() < deadline && !request.raw.destroyed) {
          await new Promise((r) => setTimeout(r, WAIT_POLL_MS));
          p = await getPrescriptionForPartner(deps.db, request.params.id, partner);
        }
        if (p === null) throw new AppError('not-found', `No scan ${request.params.id} for this partner`);
        return toStatus(p, statusUrl(p.id));
      },
    );
  });
}

/**
 * Backpressure: a partner whose scans already fill its share of the queue gets 429 with Retry-After,
 * instead of a queue that grows without bound while the workers read a few pages per second.
 */
async function refuseWhenQueueFull(
  deps: { config: Config; db: Db },
  partner: string,
  reply: FastifyReply,
): Promise<void> {
  const limit = deps.config.scanQueueLimit;
  if (limit === 0) return;
  const waiting = await countReadingScans(deps.db, partner);
  if (waiting >= limit) {
    void reply.header('retry-after', '10');
    throw new AppError(
      'rate-limited',
      `${waiting} of your scans are still being read (limit ${limit}); retry when some are done`,
    );
  }
}

interface ScanInput {
  files: DecodedFile[];
  facilitySlug?: string;
  patientId?: string;
}

function fromJson(request: FastifyRequest): ScanInput {
  if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
    throw new AppError(
      'unsupported-media',
      'Send application/json ({ images: [{ image, isPdf }] }) or multipart/form-data (one file part per page)',
    );
  }
  const body = request.body as ScanBody;
  return {
    files: decodeImages(body.images),
    ...(body.facilitySlug === undefined ? {} : { facilitySlug: body.facilitySlug }),
    ...(body.patientId === undefined ? {} : { patientId: body.patientId }),
  };
}

/** Reads multipart parts: every file part is a page, in order; fields facilitySlug and patientId. */
async function readMultipart(request: FastifyRequest): Promise<ScanInput> {
  const input: ScanInput = { files: [] };
  let total = 0;
  for await (const part of request.parts()) {
    if (part.type === 'field') {
      if (part.fieldname === 'facilitySlug' || part.fieldname === 'patientId') {
        const value = String(part.value).trim();
        if (value !== '') input[part.fieldname] = value;
      }
      continue;
    }
    const bytes = await part.toBuffer(); // throws a 413 (FST_REQ_FILE_TOO_LARGE) past fileSize
    total += bytes.length;
    if (total > MAX_TOTAL_IMAGE_BYTES) {
      throw new AppError('too-large', `Files total more than ${MAX_TOTAL_IMAGE_BYTES / 1024 / 1024} MB`);
    }
    const mediaType = sniffMediaType(bytes);
    if (mediaType === null) {
      throw new AppError(
        'unsupported-media',
        `File "${part.filename}" is neither a PDF nor a JPEG, PNG, WebP or TIFF image (checked from its content)`,
      );
    }
    input.files.push({ bytes, isPdf: mediaType === 'application/pdf', mediaType });
  }
  if (input.files.length === 0) throw new AppError('invalid', 'No file was sent: add one file part per page');
  return input;
}

function facilityOf(partner: PartnerContext, slug: string | undefined): string | null {
  if (slug === undefined) return null;
  const facility = allowedFacility(partner, slug);
  if (facility === null) throw new AppError('forbidden', `This partner may not use facility "${slug}"`);
  return facility.id;
}

function toStatus(p: Prescription, statusUrl: string): ScanStatus {
  const done = p.status === 'ready' || p.status === 'validated';
  return {
    id: p.id,
    status: p.status,
    statusUrl,
    createdAt: p.createdAt.toISOString(),
    ...(p.readAt === null ? {} : { readAt: p.readAt.toISOString() }),
    ...(p.error === null ? {} : { error: p.error }),
    ...(done ? { requestGroup: p.requestGroup } : {}),
  };
}
