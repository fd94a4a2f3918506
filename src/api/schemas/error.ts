/** @module The error body every non-FHIR route returns (see plugins/errors.ts). */
import { Type } from '@fastify/type-provider-typebox';

export const ErrorSchema = Type.Object(
  {
    error: Type.String({
      description: 'closed error code: invalid, unauthorized, forbidden, not-found, gone, too-large…',
    }),
    message: Type.String({ description: 'what is wrong and what to do' }),
    details: Type.Array(
      Type.Object({
        field: Type.String({ description: 'JSON pointer of the bad field, e.g. /first_name' }),
        message: Type.String(),
      }),
    ),
  },
  { $id: 'Error', description: 'An error' },
);

/** Response schemas for the given error statuses, to spread into a route's `response`. */
export function errorResponses(...statuses: number[]): Record<number, typeof ErrorSchema> {
  return Object.fromEntries(statuses.map((s) => [s, ErrorSchema]));
}
