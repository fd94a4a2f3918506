/** @module TypeBox schemas of the web app's session exchange. */
import { Type } from '@fastify/type-provider-typebox';

export const SessionExchangeBodySchema = Type.Object({
  token: Type.String({ minLength: 1, maxLength: 200, description: 'the token from the Scan & Go URL' }),
});

export const ScanSessionSummarySchema = Type.Object({
  facility: Type.Object({ slug: Type.String(), name: Type.String() }),
  user: Type.Object({ rpps: Type.String(), firstName: Type.String(), lastName: Type.String() }),
  patientId: Type.String(),
  state: Type.Union([
    Type.Literal('created'),
    Type.Literal('opened'),
    Type.Literal('reading'),
    Type.Literal('ready'),
    Type.Literal('validated'),
    Type.Literal('cancelled'),
    Type.Literal('expired'),
  ]),
  pathway: Type.Union([Type.Literal('standard'), Type.Literal('preimported')]),
  expiresAt: Type.String({ format: 'date-time' }),
});
