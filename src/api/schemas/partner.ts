/** @module TypeBox schemas of the partner API's context call (Scan & Go `scan-token`). */
import { Type, type Static } from '@fastify/type-provider-typebox';

/** Length limits of the context call's strings (after trimming). */
export const FIELD_LIMITS = {
  first_name: 100,
  last_name: 100,
  rpps: 64,
  facilitySlug: 100,
  patientId: 128,
} as const;

const field = (max: number, description: string): ReturnType<typeof Type.String> =>
  Type.String({ minLength: 1, maxLength: max, description });

export const ScanTokenImageSchema = Type.Object({
  image: Type.String({ description: 'the file content, base64' }),
  isPdf: Type.Boolean({ description: 'true for a PDF, false for an image (JPEG, PNG, WebP, TIFF…)' }),
});

export const ScanTokenBodySchema = Type.Object({
  first_name: field(FIELD_LIMITS.first_name, 'User first name'),
  last_name: field(FIELD_LIMITS.last_name, 'User name'),
  rpps: field(
    FIELD_LIMITS.rpps,
    'RPPS of the user, or a technical identifier of the user within the facility',
  ),
  facilitySlug: field(
    FIELD_LIMITS.facilitySlug,
    'Facility identifier (slug or alias) sent at the start of integration',
  ),
  patientId: field(
    FIELD_LIMITS.patientId,
    'Key joining the prescription to the patient file in your software (IPP, stay id, session id…)',
  ),
  images: Type.Optional(
    Type.Array(ScanTokenImageSchema, {
      description: 'Pre-imported pathway only: files to transcribe at once; the URL opens on validation',
    }),
  ),
});
export type ScanTokenBody = Static<typeof ScanTokenBodySchema>;

export const ScanTokenResponseSchema = Type.Object({
  token: Type.String({ description: '<32 hex session id>%7C<80 hex secret>, one-time' }),
  url: Type.String({ description: 'SCAN_APP_URL?token=<token>: redirect the user here' }),
});
