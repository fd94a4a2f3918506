/**
 * @module The database handle: PostgreSQL through a `pg` pool when `DATABASE_URL` is set, otherwise the
 * embedded PGlite (PostgreSQL compiled to WebAssembly) under `DATA_DIR/pglite`. Both run the same SQL;
 * store functions receive a `Queryable` and never open connections themselves.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { AppError } from '../errors.js';

export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

/** Options of one query. */
export interface QueryOptions {
  /**
   * Keep the statement prepared under this name on each PostgreSQL connection (parsed and planned
   * once per connection, not per call): for hot statements. One name ↔ one SQL text. Ignored by PGlite.
   */
  name?: string;
}

/** Anything that runs SQL with `$1` parameters: the database, or a transaction. */
export interface Queryable {
  query<R = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
    opts?: QueryOptions,
  ): Promise<QueryResult<R>>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in a transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Calls `onMessage` with the payload of each NOTIFY on `channel` (PostgreSQL: on a connection of its
   * own, re-opened every second while lost, so messages sent meanwhile are missed — `onResume` is
   * called once listening again, for the caller to drop what a missed message would have changed;
   * PGlite: delivered with the notifying statement's result, never lost).
   * @returns a function that stops listening
   */
  listen(
    channel: string,
    onMessage: (payload: string) => void,
    onResume?: () => void,
  ): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

const CHANNEL = /^[a-z_][a-z0-9_]*$/;

/** Timestamps, bigints and numerics come back as strings from pg and as JS values from PGlite; make pg match. */
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

/**
 * Opens PostgreSQL.
 * @param url - a postgres:// URL
 * @param max - pool size
 */
export async function openPostgres(url: string, max = 10): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max });
  const listeners = new Set<() => Promise<void>>();
  pool.on('error', () => undefined); // idle-client errors are surfaced by the next query instead
  try {
    await pool.query('select 1');
  } catch (cause) {
    await pool.end();
    throw new AppError(
      'unavailable',
      'Cannot connect to PostgreSQL at DATABASE_URL: check the URL and that the server runs',
      { cause },
    );
  }
  const run = async <R>(
    c: pg.Pool | pg.PoolClient,
    sql: string,
    params?: readonly unknown[],
    opts?: QueryOptions,
  ): Promise<QueryResult<R>> => {
    const r = await c.query({ text: sql, values: params as unknown[] | undefined, name: opts?.name });
    return { rows: r.rows as R[], rowCount: r.rowCount ?? 0 };
  };
  return {
    kind: 'postgres',
    query: (sql, params, opts) => run(pool, sql, params, opts),
    exec: async (sql) => void (await pool.query(sql)),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const out = await fn({
          query: (sql, params, opts) => run(client, sql, params, opts),
          exec: async (sql) => void (await client.query(sql)),
        });
        await client.query('commit');
        return out;
      } catch (err) {
        await client.query('rollback').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    listen: async (channel, onMessage, onResume) => {
      const { stop, ready } = listenPostgres(url, channel, onMessage, onResume);
      listeners.add(stop);
      await ready;
      return async () => {
        listeners.delete(stop);
        await stop();
      };
    },
    async close() {
      await Promise.all([...listeners].map((stop) => stop()));
      listeners.clear();
      await pool.end();
    },
  };
}

/** `application_name` of the LISTEN connections (to tell them apart in pg_stat_activity). */
export const LISTEN_APPLICATION_NAME = 'ordoscan-listen';

/**
 * LISTEN on a dedicated client, reconnected every second while lost; `onResume` is called each time
 * listening starts again after a loss (not the first time).
 * @returns `ready` once the first attempt is over (listening, or retrying in the background), and `stop`
 */
function listenPostgres(
  url: string,
  channel: string,
  onMessage: (payload: string) => void,
  onResume?: () => void,
): { ready: Promise<void>; stop: () => Promise<void> } {
  if (!CHANNEL.test(channel)) throw new AppError('internal', `Bad NOTIFY channel name "${channel}"`);
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  let lost = false;
  const reconnectSoon = (): void => {
    client = null;
    lost = true;
    if (!stopped && retry === undefined) {
      retry = setTimeout(() => {
        retry = undefined;
        void connect();
      }, 1000);
      retry.unref();
    }
  };
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url, application_name: LISTEN_APPLICATION_NAME });
    c.on('notification', (m) => {
      if (m.channel === channel) onMessage(m.payload ?? '');
    });
    c.on('error', () => void c.end().catch(() => undefined));
    c.on('end', () => {
      if (client === c || client === null) reconnectSoon();
    });
    try {
      await c.connect();
      await c.query(`listen ${channel}`);
      if (stopped) await c.end();
      else {
        client = c;
        if (lost) {
          lost = false;
          onResume?.();
        }
      }
    } catch {
      await c.end().catch(() => undefined);
      reconnectSoon();
    }
  };
  const ready = connect();
  const stop = async (): Promise<void> => {
    stopped = true;
    clearTimeout(retry);
    await client?.end().catch(() => undefined);
    client = null;
  };
  return { ready, stop };
}

/**
 * Opens the embedded PGlite database.
 * @param dir - data folder, or null for an in-memory database (tests)
 */
export async function openPglite(dir: string | null): Promise<Db> {
  if (dir !== null) fs.mkdirSync(path.dirname(dir), { recursive: true });
  const extensions = { pg_trgm, unaccent };
  const lite = dir === null ? new PGlite({ extensions }) : new PGlite(dir, { extensions });
  await lite.waitReady;
  const wrap = (q: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    exec: async (sql) => void (await q.exec(sql)),
    async query<R>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      const r = await q.query<R>(sql, params as unknown[] | undefined);
      // PGlite reports affectedRows = 0 for SELECT: the larger of the two is what pg calls rowCount.
      return { rows: r.rows, rowCount: Math.max(r.affectedRows ?? 0, r.rows.length) };
    },
  });
  const base = wrap(lite);
  return {
    kind: 'pglite',
    query: (sql, params) => base.query(sql, params),
    exec: (sql) => base.exec(sql),
    transaction: (fn) => lite.transaction((tx) => fn(wrap(tx))),
    listen: async (channel, onMessage) => {
      if (!CHANNEL.test(channel)) throw new AppError('internal', `Bad NOTIFY channel name "${channel}"`);
      const unlisten = await lite.listen(channel, onMessage);
      return () => unlisten();
    },
    close: () => lite.close(),
  };
}

/**
 * Opens the configured database.
 * @param config - `databaseUrl` (PostgreSQL) or `dataDir` (embedded)
 */
export function openDb(config: { databaseUrl: string | null; dataDir: string }): Promise<Db> {
  return config.databaseUrl !== null
    ? openPostgres(config.databaseUrl)
    : openPglite(path.join(config.dataDir, 'pglite'));
}
