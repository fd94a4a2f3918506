/**
 * @module Uploaded documents and their files, kept in the database (bytea) so that every API node and
 * every worker process reads the same bytes. A document is one prescription's set of files (pages).
 */
import { createHash } from 'node:crypto';
import type { Queryable } from './db.js';

/** One file of a document, in page order. */
export interface DocumentFileInput {
  bytes: Buffer;
  /** Media type recognised from the content (`image/png`, `application/pdf`, …). */
  mediaType: string;
}

export interface NewDocument {
  /** Partner id (uploads through the partner API or a partner's scan session). */
  partner: string | null;
  facilityId: string | null;
  sessionId: string | null;
  files: readonly DocumentFileInput[];
}

export interface DocumentFile extends DocumentFileInput {
  position: number;
  sha256: string;
  size: number;
}

/**
 * Stores a document and its files; call inside a transaction with the rows that refer to it.
 * @param db - database or transaction
 * @param doc - owner and files (in page order)
 * @returns the document id
 */
export async function insertDocument(db: Queryable, doc: NewDocument): Promise<string> {
  const r = await db.query<{ id: string }>(
    'insert into documents (partner, facility_id, session_id) values ($1, $2, $3) returning id',
    [doc.partner, doc.facilityId, doc.sessionId],
  );
  const id = r.rows[0]?.id;
  if (id === undefined) throw new Error('insert into documents returned no id');
  for (const [position, f] of doc.files.entries()) {
    await db.query(
      `insert into document_files (document_id, position, media_type, bytes, sha256, size)
       values ($1, $2, $3, $4, $5, $6)`,
      [
        id,
        position,
        f.mediaType,
        f.bytes,
        createHash('sha256').update(f.bytes).digest('hex'),
        f.bytes.length,
      ],
    );
  }
  return id;
}

/**
 * Reads a document's files in page order.
 * @param db - database
 * @param documentId - the document
 * @returns its files (empty when the document does not exist)
 */
export async function listDocumentFiles(db: Queryable, documentId: string): Promise<DocumentFile[]> {
  const r = await db.query<{
    position: number;
    media_type: string;
    bytes: Uint8Array;
    sha256: string;
    size: number;
  }>(
    `select position, media_type, bytes, sha256, size from document_files
     where document_id = $1 order by position`,
    [documentId],
  );
  return r.rows.map((row) => ({
    position: row.position,
    mediaType: row.media_type,
    // pg returns a Buffer, PGlite a Uint8Array: give callers a Buffer either way (no copy).
    bytes: Buffer.from(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength),
    sha256: row.sha256,
    size: row.size,
  }));
}
