/**
 * @module Forward-only numbered SQL migrations (`migrations/NNNN_name.sql`), applied in file-name order,
 * all in one transaction, recorded in `schema_migrations`. The same files run on PGlite and
 * PostgreSQL. On PostgreSQL an advisory lock lets several nodes start at once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.js';

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
const LOCK_ID = 7_274_262_001;

/** @returns the migration file names, sorted */
export function listMigrations(dir = MIGRATIONS_DIR): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort();
}

/**
 * Applies every migration not yet applied.
 * @param db - the database
 * @returns the names of the migrations applied now
 */
export async function migrate(db: Db, dir = MIGRATIONS_DIR): Promise<string[]> {
  return db.transaction(async (tx) => {
    // Serialises concurrent start-ups of several nodes; released at commit. PGlite has one connection.
    if (db.kind === 'postgres') await tx.query('select pg_advisory_xact_lock($1)', [LOCK_ID]);
    await tx.query(
      'create table if not exists schema_migrations (name text primary key, applied_at timestamptz not null default now())',
    );
    const done = new Set(
      (await tx.query<{ name: string }>('select name from schema_migrations')).rows.map((r) => r.name),
    );
    const applied: string[] = [];
    for (const name of listMigrations(dir)) {
      if (done.has(name)) continue;
      await tx.exec(fs.readFileSync(path.join(dir, name), 'utf8'));
      await tx.query('insert into schema_migrations (name) values ($1)', [name]);
      applied.push(name);
    }
    return applied;
  });
}
