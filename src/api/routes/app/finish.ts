/**
 * @module The end of a session: *Valider* (`POST /api/app/validate`) finalises the prescription from
 * the corrected lines (FHIR rebuilt by the FHIR mapper, status validated, deliveries enqueued per the
 * facility's settings, all in one transaction), *Annuler* (`POST /api/app/cancel`) ends the session.
 */
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { onPrescriptionValidated } from '../../../delivery/index.js';
import { AppError } from '../../../errors.js';
import { transitionScanSession } from '../../../registry/scan-sessions.js';
import {
  cancelSessionPrescriptions,
  listLines,
  markPrescriptionValidated,
  recordChange,
} from '../../../store/corrections.js';
import { actorOf, openSessionOf, type AppRouteDeps } from './context.js';
import { buildValidatedRequestGroup } from './fhir-from-lines.js';
import { currentPrescription } from './reading.js';
import { assertValidatable } from './review.js';

/** Registers validate and cancel (inside the app routes' scope). */
export function registerFinishRoutes(app: FastifyInstance, deps: AppRouteDeps): void {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();

  typed.post(
    '/api/app/validate',
    {
      schema: {
        response: {
          200: Type.Object({
            prescriptionId: Type.String(),
            status: Type.String(),
            deliveries: Type.Integer(),
          }),
        },
      },
    },
    async (request) => {
      const s = await openSessionOf(request);
      const p = await currentPrescription(deps.db, s.id);
      if (p?.status !== 'ready') {
        throw new AppError('conflict', 'The prescription is not ready for validation');
      }
      const lines = await listLines(deps.db, p.id);
      assertValidatable(lines);
      const requestGroup = await buildValidatedRequestGroup(p, lines, s);
      const deliveries = await deps.db.transaction(async (tx) => {
        if (!(await markPrescriptionValidated(tx, p.id, requestGroup))) {
          throw new AppError('conflict', 'The prescription was validated or cancelled meanwhile');
        }
        await recordChange(tx, p.id, actorOf(s), 'validate', null, null, { lines });
        await transitionScanSession(tx, s.id, 'validated');
        return onPrescriptionValidated(tx, p.id);
      });
      return { prescriptionId: p.id, status: 'validated', deliveries: deliveries.length };
    },
  );

  typed.post(
    '/api/app/cancel',
    { schema: { response: { 200: Type.Object({ status: Type.String() }) } } },
    async (request) => {
      const s = await openSessionOf(request);
      await deps.db.transaction(async (tx) => {
        for (const id of await cancelSessionPrescriptions(tx, s.id)) {
          await recordChange(tx, id, actorOf(s), 'cancel', null, null, null);
        }
        await transitionScanSession(tx, s.id, 'cancelled');
      });
      return { status: 'cancelled' };
    },
  );
}
