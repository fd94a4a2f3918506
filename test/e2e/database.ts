/**
 * @module The e2e server's PostgreSQL database when `DATABASE_URL` is set: one scratch database per
 * e2e port (`ordoscan_e2e_<port>`), created empty by the server at start (a leftover of a run whose
 * server was killed is dropped first) and dropped by the server when Playwright stops it (SIGTERM).
 * Not in a Playwright global teardown: that runs before the web server is stopped.
 */
import pg from 'pg';

/** @returns the server of `DATABASE_URL`, or null when the e2e run uses the embedded database */
export function e2ePostgresServer(): string | null {
  const url = process.env.DATABASE_URL ?? '';
  return url === '' ? null : url;
}

const nameFor = (port: number): string => `ordoscan_e2e_${port}`;

async function run(server: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: server });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/**
 * Creates the e2e database of this port, empty.
 * @param server - a postgres:// URL of the server (its database is only used to connect)
 * @param port - the e2e port
 * @returns the new database's URL
 */
export async function createE2eDatabase(server: string, port: number): Promise<string> {
  await dropE2eDatabase(server, port);
  await run(server, `create database ${nameFor(port)}`);
  const u = new URL(server);
  u.pathname = `/${nameFor(port)}`;
  return u.toString();
}

/**
 * Drops the e2e database of this port, closing its connections (no error when it does not exist).
 * @param server - a postgres:// URL of the server
 * @param port - the e2e port
 */
export async function dropE2eDatabase(server: string, port: number): Promise<void> {
  await run(server, `drop database if exists ${nameFor(port)} with (force)`);
}
