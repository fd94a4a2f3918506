/**
 * @module Test databases: a fresh, migrated database per call. In-memory PGlite by default; a new
 * PostgreSQL database (dropped on close) when `DATABASE_URL` is set, so the suite runs on both.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPglite, openPostgres, type Db } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';

/** @returns a migrated database of the kind selected by `DATABASE_URL`; `close()` also drops it */
export async function createTestDb(): Promise<Db> {
  const url = process.env.DATABASE_URL;
  if (url === undefined || url === '') {
    const db = await openPglite(null);
    await migrate(db);
    return db;
  }
  const name = `ordoscan_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  const db = await openPostgres(u.toString(), 5);
  await migrate(db);
  return {
    ...db,
    async close() {
      await db.close();
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

/** @returns true when the suite runs against PostgreSQL rather than PGlite */
export const onPostgres = (): boolean => (process.env.DATABASE_URL ?? '') !== '';
