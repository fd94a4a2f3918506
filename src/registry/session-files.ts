/** @module Files of a scan session (pre-imported or uploaded), stored as bytea in the database. */
import { createHash } from 'node:crypto';
import type { Queryable } from '../store/db.js';

export interface SessionFile {
  id: string;
  sessionId: string;
  position: number;
  isPdf: boolean;
  mediaType: string | null;
  sha256: string;
  byteSize: number;
  createdAt: Date;
}

interface FileRow {
  id: string;
  session_id: string;
  position: number;
  is_pdf: boolean;
  media_type: string | null;
  sha256: string;
  byte_size: number;
  created_at: Date;
}

const COLUMNS = 'id, session_id, position, is_pdf, media_type, sha256, byte_size, created_at';

const toFile = (r: FileRow): SessionFile => ({
  id: r.id,
  sessionId: r.session_id,
  position: r.position,
  isPdf: r.is_pdf,
  mediaType: r.media_type,
  sha256: r.sha256,
  byteSize: r.byte_size,
  createdAt: new Date(r.created_at),
});

/**
 * Appends a file to a session (position = next free one).
 * @param db - database or transaction
 * @param sessionId - session
 * @param file - bytes, PDF flag and detected media type
 */
export async function insertSessionFile(
  db: Queryable,
  sessionId: string,
  file: { bytes: Buffer; isPdf: boolean; mediaType: string | null },
): Promise<SessionFile> {
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  const r = await db.query<FileRow>(
    `insert into session_files (session_id, position, bytes, is_pdf, media_type, sha256, byte_size)
     select $1, coalesce(max(position) + 1, 0), $2, $3, $4, $5, $6 from session_files where session_id = $1
     returning ${COLUMNS}`,
    [sessionId, file.bytes, file.isPdf, file.mediaType, sha256, file.bytes.length],
  );
  return toFile(r.rows[0] as FileRow);
}

/** @returns the files of a session without their bytes, by position */
export async function listSessionFiles(db: Queryable, sessionId: string): Promise<SessionFile[]> {
  const r = await db.query<FileRow>(
    `select ${COLUMNS} from session_files where session_id = $1 order by position`,
    [sessionId],
  );
  return r.rows.map(toFile);
}

/** @returns the bytes of one file, or null */
export async function readSessionFileBytes(db: Queryable, fileId: string): Promise<Buffer | null> {
  const r = await db.query<{ bytes: Uint8Array }>('select bytes from session_files where id = $1', [fileId]);
  const row = r.rows[0];
  return row === undefined ? null : Buffer.from(row.bytes);
}
