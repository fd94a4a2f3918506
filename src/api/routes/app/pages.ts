/**
 * @module Staged pages of the session: list, upload (multipart), remove, and the file itself (for
 * thumbnails). Listing also claims the photos a phone paired with this patient file sent earlier.
 */
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../errors.js';
import type { ScanSessionView } from '../../../registry/scan-sessions.js';
import { claimInboxFiles } from '../../../store/pairing.js';
import {
  addStagedPage,
  listStagedPages,
  readStagedPage,
  removeStagedPage,
} from '../../../store/session-pages.js';
import { openSessionOf, type AppRouteDeps } from './context.js';
import { MAX_SESSION_PAGES, readUploads } from './uploads.js';
import type { StagedPage } from './wire.js';

const PageSchema = Type.Object({
  id: Type.String(),
  position: Type.Integer(),
  mediaType: Type.String(),
  isPdf: Type.Boolean(),
  size: Type.Integer(),
  source: Type.Union([Type.Literal('upload'), Type.Literal('phone'), Type.Literal('preimported')]),
  url: Type.String(),
});
const PagesSchema = Type.Object({ pages: Type.Array(PageSchema) });
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

/** Once the prescription was read, its pages are fixed: validate it or cancel the session. */
function assertStaging(s: ScanSessionView): void {
  if (s.state === 'ready') {
    throw new AppError('conflict', 'The prescription was already read: validate or cancel it');
  }
}

async function pagesOf(deps: AppRouteDeps, s: ScanSessionView): Promise<StagedPage[]> {
  const rows = await listStagedPages(deps.db, s);
  return rows.map((r) => ({ ...r, url: `/api/app/pages/${r.id}/file` }));
}

/** Registers the page routes (inside the app routes' scope). */
export function registerPageRoutes(app: FastifyInstance, deps: AppRouteDeps): void {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  typed.get('/api/app/pages', { schema: { response: { 200: PagesSchema } } }, async (request) => {
    const s = await openSessionOf(request);
    await deps.db.transaction((tx) => claimInboxFiles(tx, s));
    return { pages: await pagesOf(deps, s) };
  });

  typed.post('/api/app/pages', { schema: { response: { 200: PagesSchema } } }, async (request) => {
    const s = await openSessionOf(request);
    assertStaging(s);
    const files = await readUploads(request);
    const existing = await listStagedPages(deps.db, s);
    if (existing.length + files.length > MAX_SESSION_PAGES) {
      throw new AppError('too-large', `At most ${MAX_SESSION_PAGES} pages per prescription`);
    }
    for (const f of files) {
      await addStagedPage(deps.db, s.id, { bytes: f.bytes, mediaType: f.mediaType, source: 'upload' });
    }
    return { pages: await pagesOf(deps, s) };
  });

  typed.delete(
    '/api/app/pages/:id',
    { schema: { params: IdParams, response: { 200: PagesSchema } } },
    async (request) => {
      const s = await openSessionOf(request);
      assertStaging(s);
      if (!(await removeStagedPage(deps.db, s.id, request.params.id))) {
        throw new AppError('not-found', 'No such page in this session');
      }
      return { pages: await pagesOf(deps, s) };
    },
  );

  typed.get('/api/app/pages/:id/file', { schema: { params: IdParams } }, async (request, reply) => {
    const s = await openSessionOf(request);
    const page = await readStagedPage(deps.db, s.id, request.params.id);
    if (page === null) throw new AppError('not-found', 'No such page in this session');
    return reply.type(page.mediaType).header('cache-control', 'private, no-store').send(page.bytes);
  });
}
