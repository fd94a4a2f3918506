/**
 * @module The session's prescription: start reading (`POST /api/app/read`), its state with progress
 * or lines (`GET /api/app/prescription`), and its normalised page images.
 */
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../errors.js';
import type { ScanSessionView } from '../../../registry/scan-sessions.js';
import { transitionScanSession } from '../../../registry/scan-sessions.js';
import { initLines, listLines } from '../../../store/corrections.js';
import { getPrescriptionPage, type Prescription } from '../../../store/prescriptions.js';
import { actorOf, openSessionOf, type AppRouteDeps } from './context.js';
import { toAppLines, toHeaderView } from './engine-lines.js';
import { currentPrescription, readingProgress, startReading } from './reading.js';
import type { PrescriptionView } from './wire.js';

async function pagesOf(deps: AppRouteDeps, p: Prescription): Promise<PrescriptionView['pages']> {
  const r = await deps.db.query<{ page: number; width: number; height: number }>(
    'select page, width, height from prescription_pages where prescription_id = $1 order by page',
    [p.id],
  );
  return r.rows.map((x) => ({ ...x, url: `/api/app/prescription/pages/${x.page}` }));
}

/**
 * Builds the view of the session's prescription. The first time a reading is seen `ready`, its lines
 * become the working copy (with the `read` audit entry) and the session moves to `ready`.
 */
export async function viewPrescription(deps: AppRouteDeps, s: ScanSessionView): Promise<PrescriptionView> {
  const p = await currentPrescription(deps.db, s.id);
  const empty = { prescriptionId: null, progress: null, error: null, pages: [], header: null, lines: [] };
  if (p === null) return { status: 'none', ...empty };
  if (p.status === 'reading' || p.status === 'failed') {
    return {
      ...empty,
      status: p.status,
      prescriptionId: p.id,
      error: p.error,
      progress: await readingProgress(deps.db, p),
    };
  }
  if (p.status === 'ready') {
    await deps.db.transaction(async (tx) => {
      await initLines(tx, p.id, toAppLines(p.readResult), actorOf(s));
    });
    // Pre-imported sessions were never moved to `reading` by the app: catch up.
    if (s.state === 'created' || s.state === 'opened') await transitionScanSession(deps.db, s.id, 'reading');
    if (s.state !== 'ready') await transitionScanSession(deps.db, s.id, 'ready');
  }
  return {
    status: p.status,
    prescriptionId: p.id,
    progress: null,
    error: null,
    pages: await pagesOf(deps, p),
    header: toHeaderView(p.readResult),
    lines: await listLines(deps.db, p.id),
  };
}

/** Registers the prescription routes (inside the app routes' scope). */
export function registerPrescriptionRoutes(app: FastifyInstance, deps: AppRouteDeps): void {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  typed.post(
    '/api/app/read',
    { schema: { response: { 202: Type.Object({ prescriptionId: Type.String() }) } } },
    async (request, reply) => {
      const s = await openSessionOf(request);
      return reply.status(202).send({ prescriptionId: await startReading(deps.db, s) });
    },
  );

  // The view carries FHIR Dosage objects: serialised as is (no response schema would keep them whole).
  typed.get('/api/app/prescription', async (request) => viewPrescription(deps, await openSessionOf(request)));

  typed.get(
    '/api/app/prescription/pages/:page',
    { schema: { params: Type.Object({ page: Type.Integer({ minimum: 1, maximum: 500 }) }) } },
    async (request, reply) => {
      const s = await openSessionOf(request);
      const p = await currentPrescription(deps.db, s.id);
      const img = p === null ? null : await getPrescriptionPage(deps.db, p.id, request.params.page);
      if (img === null) throw new AppError('not-found', 'No such page');
      return reply.type(img.mediaType).header('cache-control', 'private, no-store').send(img.bytes);
    },
  );
}
