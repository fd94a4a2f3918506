/**
 * @module Pages staged in a scan session before reading (rows of `session_files`, created by the
 * foundation): the web app lists them with their source, adds phone photos, and removes pages. Every
 * query is scoped by session id so one session never sees another's files.
 */
import { createHash } from 'node:crypto';
import type { Queryable } from './db.js';

export type PageSource = 'upload' | 'phone' | 'preimported';

export interface StagedPageRow {
  id: string;
  position: number;
  isPdf: boolean;
  mediaType: string;
  size: number;
  source: PageSource;
}

/**
 * @param db - database
 * @param session - the session and its pathway (pre-imported files have no recorded source)
 * @returns the staged pages, by position
 */
export async function listStagedPages(
  db: Queryable,
  session: { id: string; pathway: 'standard' | 'preimported' },
): Promise<StagedPageRow[]> {
  const r = await db.query<{
    id: string;
    position: number;
    is_pdf: boolean;
    media_type: string | null;
    byte_size: number;
    source: string | null;
  }>(
    'select id, position, is_pdf, media_type, byte_size, source from session_files where session_id = $1 order by position',
    [session.id],
  );
  return r.rows.map((x) => ({
    id: x.id,
    position: x.position,
    isPdf: x.is_pdf,
    mediaType: x.media_type ?? (x.is_pdf ? 'application/pdf' : 'application/octet-stream'),
    size: x.byte_size,
    source: (x.source ?? (session.pathway === 'preimported' ? 'preimported' : 'upload')) as PageSource,
  }));
}

/**
 * Appends a page to a session.
 * @param db - database
 * @param sessionId - session
 * @param file - bytes, detected media type and where it came from
 */
export async function addStagedPage(
  db: Queryable,
  sessionId: string,
  file: { bytes: Buffer; mediaType: string; source: 'upload' | 'phone' },
): Promise<void> {
  const sha = createHash('sha256').update(file.bytes).digest('hex');
  await db.query(
    `insert into session_files (session_id, position, bytes, is_pdf, media_type, sha256, byte_size, source)
     select $1, coalesce(max(position) + 1, 0), $2, $3, $4, $5, $6, $7 from session_files where session_id = $1`,
    [
      sessionId,
      file.bytes,
      file.mediaType === 'application/pdf',
      file.mediaType,
      sha,
      file.bytes.length,
      file.source,
    ],
  );
}

/** @returns whether a page of this session was removed */
export async function removeStagedPage(db: Queryable, sessionId: string, pageId: string): Promise<boolean> {
  const r = await db.query('delete from session_files where session_id = $1 and id::text = $2', [
    sessionId,
    pageId,
  ]);
  return r.rowCount > 0;
}

/** @returns the bytes and media type of one page of this session, or null */
export async function readStagedPage(
  db: Queryable,
  sessionId: string,
  pageId: string,
): Promise<{ bytes: Buffer; mediaType: string } | null> {
  const r = await db.query<{ bytes: Uint8Array; media_type: string | null; is_pdf: boolean }>(
    'select bytes, media_type, is_pdf from session_files where session_id = $1 and id::text = $2',
    [sessionId, pageId],
  );
  const row = r.rows[0];
  if (row === undefined) return null;
  return {
    bytes: Buffer.from(row.bytes),
    mediaType: row.media_type ?? (row.is_pdf ? 'application/pdf' : 'application/octet-stream'),
  };
}
