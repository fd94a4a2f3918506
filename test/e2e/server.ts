/**
 * @module The server the e2e tests drive: the real service (`startService`: demo facility and key,
 * in-process scan workers with the real OCR) on a fresh data folder and a fresh database — the
 * embedded one, or, when `DATABASE_URL` is set (the CI's PostgreSQL run), a scratch PostgreSQL
 * database dropped when the server stops (or, if it was killed, at the next start) — plus one
 * facility whose sessions expire after a minute, to test an expired link. Run by Playwright's
 * `webServer` (see playwright.config.ts) through tsx; Playwright stops it with SIGTERM.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config.js';
import { DEMO_PARTNER } from '../../src/demo.js';
import { startService } from '../../src/main.js';
import { grantFacility } from '../../src/registry/partners.js';
import { insertFacility } from '../../src/registry/facilities.js';
import { createE2eDatabase, dropE2eDatabase, e2ePostgresServer } from './database.js';

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3917);
export const E2E_DATA_DIR = path.resolve('test-results/e2e-data');
/** Facility whose sessions last one minute. */
export const SHORT_FACILITY = 'e2e-short-ttl';

fs.rmSync(E2E_DATA_DIR, { recursive: true, force: true });
const pgServer = e2ePostgresServer();
const databaseUrl = pgServer === null ? null : await createE2eDatabase(pgServer, E2E_PORT);
const config = loadConfig({
  ...(databaseUrl === null ? {} : { DATABASE_URL: databaseUrl }),
  PORT: String(E2E_PORT),
  HOST: '127.0.0.1',
  DATA_DIR: E2E_DATA_DIR,
  PUBLIC_URL: `http://localhost:${E2E_PORT}`,
  DEMO: 'true',
  LOG_LEVEL: 'warn',
  SCAN_WORKERS: '1',
});
const service = await startService(config, { out: (s: string) => console.log(s) });
const partner = await service.db.query<{ id: string }>('select id from partners where name = $1', [
  DEMO_PARTNER,
]);
const short = await insertFacility(service.db, {
  slug: SHORT_FACILITY,
  name: 'Clinique e2e (sessions d’une minute)',
  settings: { sessionTtlMinutes: 1 },
});
await grantFacility(service.db, partner.rows[0]!.id, short.id);
console.log(`e2e server ready (database: ${databaseUrl === null ? 'embedded' : 'PostgreSQL, scratch'})`);
const stop = (): void => {
  void service
    .stop()
    .then(() => (pgServer === null ? undefined : dropE2eDatabase(pgServer, E2E_PORT)))
    .then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
