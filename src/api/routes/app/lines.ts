/**
 * @module Line edits of the validation screen: edit, add, remove, acknowledge. Each change is stored
 * in the working copy and in the audit trail (who, when, before, after) in one transaction.
 */
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Dosage } from '@medplum/fhirtypes';
import type { FastifyInstance } from 'fastify';
import { findSpecialty, loadDrugIndex } from '../../../drugs/index.js';
import type { Specialty } from '../../../drugs/types.js';
import { AppError } from '../../../errors.js';
import type { ScanSessionView } from '../../../registry/scan-sessions.js';
import { appendLine, findLine, recordChange, removeLine, saveLine } from '../../../store/corrections.js';
import { actorOf, openSessionOf, type AppRouteDeps } from './context.js';
import { currentPrescription } from './reading.js';
import { applyEdit } from './review.js';

/**
 * A FHIR Dosage step: any object, checked in depth downstream (FHIR mapper and R4 validation). No
 * `properties` keyword on purpose: Ajv's `removeAdditional: 'all'` would strip every field.
 */
const DosageSchema = Type.Unsafe<Dosage>({ type: 'object' });
export const LineEditSchema = Type.Object({
  drugText: Type.String({ minLength: 1, maxLength: 300 }),
  cis: Type.Union([Type.String({ pattern: '^[0-9]{8}$' }), Type.Null()]),
  dosages: Type.Array(DosageSchema, { maxItems: 10 }),
  renewals: Type.Union([Type.Integer({ minimum: 0, maximum: 12 }), Type.Null()]),
  ald: Type.Boolean(),
});
const LineParams = Type.Object({ id: Type.String({ pattern: '^[eu][0-9a-f]{1,16}$' }) });

/** @returns the session's prescription, which must be `ready` (read, not yet validated) */
async function readyPrescription(deps: AppRouteDeps, s: ScanSessionView): Promise<string> {
  const p = await currentPrescription(deps.db, s.id);
  if (p?.status !== 'ready') throw new AppError('conflict', 'The prescription is not ready for checking');
  return p.id;
}

async function resolveDrug(cis: string | null): Promise<Specialty | null> {
  if (cis === null) return null;
  const s = findSpecialty(await loadDrugIndex(), cis);
  if (s === null) {
    throw new AppError('invalid', `Unknown CIS ${cis}: choose the drug from the search`, {
      details: [{ field: '/cis', message: 'is unknown' }],
    });
  }
  return s;
}

/** Registers the line routes (inside the app routes' scope). */
export function registerLineRoutes(app: FastifyInstance, deps: AppRouteDeps): void {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();

  typed.put(
    '/api/app/lines/:id',
    { schema: { params: LineParams, body: LineEditSchema } },
    async (request) => {
      const s = await openSessionOf(request);
      const pid = await readyPrescription(deps, s);
      const drug = await resolveDrug(request.body.cis);
      return deps.db.transaction(async (tx) => {
        const before = await findLine(tx, pid, request.params.id);
        if (before === null) throw new AppError('not-found', 'No such line');
        const after = applyEdit(before, request.body, drug);
        await saveLine(tx, pid, after);
        await recordChange(tx, pid, actorOf(s), 'edit', after.id, before, after);
        return { line: after };
      });
    },
  );

  typed.post('/api/app/lines', { schema: { body: LineEditSchema } }, async (request, reply) => {
    const s = await openSessionOf(request);
    const pid = await readyPrescription(deps, s);
    const line = applyEdit(null, request.body, await resolveDrug(request.body.cis));
    await deps.db.transaction(async (tx) => {
      await appendLine(tx, pid, line);
      await recordChange(tx, pid, actorOf(s), 'add', line.id, null, line);
    });
    return reply.status(201).send({ line });
  });

  typed.delete('/api/app/lines/:id', { schema: { params: LineParams } }, async (request) => {
    const s = await openSessionOf(request);
    const pid = await readyPrescription(deps, s);
    return deps.db.transaction(async (tx) => {
      const before = await findLine(tx, pid, request.params.id);
      if (before === null) throw new AppError('not-found', 'No such line');
      await removeLine(tx, pid, before.id);
      await recordChange(tx, pid, actorOf(s), 'remove', before.id, before, null);
      return { removed: before.id };
    });
  });

  typed.post('/api/app/lines/:id/acknowledge', { schema: { params: LineParams } }, async (request) => {
    const s = await openSessionOf(request);
    const pid = await readyPrescription(deps, s);
    return deps.db.transaction(async (tx) => {
      const before = await findLine(tx, pid, request.params.id);
      if (before === null) throw new AppError('not-found', 'No such line');
      if (before.review !== 'required') return { line: before };
      // Acknowledging an ambiguous match keeps the engine's first choice, as shown.
      const after = { ...before, review: 'acknowledged' as const };
      await saveLine(tx, pid, after);
      await recordChange(tx, pid, actorOf(s), 'acknowledge', after.id, before, after);
      return { line: after };
    });
  });
}
