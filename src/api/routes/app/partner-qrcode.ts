/**
 * @module `GET /api/partners/patient/qrcode?slug=&patient=`: a PNG QR code a partner shows in the
 * patient file. Scanning it with a phone opens the capture page; the photos wait in that patient
 * file's inbox and appear in the next Scan & Go session opened for the same patient. The QR content
 * is an opaque, short-lived, single-use link: it names neither the patient nor the facility.
 */
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import QRCode from 'qrcode';
import { allowedFacility } from '../../../auth/partner-context.js';
import { AppError } from '../../../errors.js';
import { createPairing } from '../../../store/pairing.js';
import { PARTNER_SECURITY, partnerOf, requirePartner } from '../../plugins/auth.js';
import { errorResponses } from '../../schemas/error.js';
import type { AppRouteDeps } from './context.js';
import { mobileLink } from './pairing.js';

/** Lifetime of a patient QR code, seconds. */
export const PATIENT_QR_TTL_SECONDS = 15 * 60;

const QuerySchema = Type.Object({
  slug: Type.String({ minLength: 1, maxLength: 100, description: 'facility slug or alias' }),
  patient: Type.String({ minLength: 1, maxLength: 200, description: "the partner's patientId" }),
});

/** Registers the partner QR code route. */
export function registerPatientQrRoute(app: FastifyInstance, deps: AppRouteDeps): void {
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    '/api/partners/patient/qrcode',
    {
      onRequest: requirePartner,
      schema: {
        tags: ['Scan & Go'],
        summary: 'QR code opening phone capture for a patient file (PNG)',
        security: PARTNER_SECURITY,
        querystring: QuerySchema,
        produces: ['image/png'],
        response: {
          200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'PNG image' }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const partner = partnerOf(request);
      const facility = allowedFacility(partner, request.query.slug.trim());
      if (facility === null) throw new AppError('forbidden', 'This key may not use that facility');
      const { pairing, code } = await createPairing(deps.db, {
        kind: 'patient',
        facilityId: facility.id,
        patientId: request.query.patient.trim(),
        partnerId: partner.partnerId,
        ttlSeconds: PATIENT_QR_TTL_SECONDS,
      });
      const png = await QRCode.toBuffer(mobileLink(deps.config.scanAppUrl, code), {
        type: 'png',
        errorCorrectionLevel: 'M',
        margin: 2,
        scale: 6,
      });
      return reply
        .type('image/png')
        .header('cache-control', 'no-store')
        .header('expires', pairing.expiresAt.toUTCString())
        .send(png);
    },
  );
}
