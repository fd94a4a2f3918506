/**
 * @module Test databases: a fresh, migrated database per call. In-memory PGlite by default; a new
 * PostgreSQL database (dropped on close) when `DATABASE_URL` is set, so the suite runs on both.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPglite, openPostgres, type Db } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';

/** An empty PostgreSQL database of its own, for a test or a child process. */
export interface ScratchPostgres {
  /** Its postgres:// URL (the server of `DATABASE_URL`). */
  url: string;
  /** Drops it, closing any connection still open (idempotent). */
  drop(): Promise<void>;
}

async function asAdmin(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/**
 * Creates an empty database on the PostgreSQL server of `DATABASE_URL` (not migrated).
 * @param prefix - start of its name (a random suffix follows)
 */
export async function createScratchPostgres(prefix = 'ordoscan_test'): Promise<ScratchPostgres> {
  const base = process.env.DATABASE_URL ?? '';
  if (base === '') throw new Error('createScratchPostgres needs DATABASE_URL');
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await asAdmin(`create database ${name}`);
  const u = new URL(base);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => asAdmin(`drop database if exists ${name} with (force)`) };
}

/** @returns a migrated database of the kind selected by `DATABASE_URL`; `close()` also drops it */
export async function createTestDb(): Promise<Db> {
  if (!onPostgres()) {
    const db = await openPglite(null);
    await migrate(db);
    return db;
  }
  const scratch = await createScratchPostgres();
  const db = await openPostgres(scratch.url, 5);
  await migrate(db);
  return {
    ...db,
    async close() {
      await db.close();
      await scratch.drop();
    },
  };
}

/** @returns true when the suite runs against PostgreSQL rather than PGlite */
export const onPostgres = (): boolean => (process.env.DATABASE_URL ?? '') !== '';
