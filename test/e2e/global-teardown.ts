/**
 * Playwright global teardown: drops the e2e PostgreSQL database (when DATABASE_URL is set), so a run
 * on PostgreSQL leaves nothing behind even if the server process did not stop cleanly.
 */
import { dropE2eDatabase, e2ePostgresServer } from './database.js';

export default async function globalTeardown(): Promise<void> {
  const server = e2ePostgresServer();
  // A reused server (E2E_REUSE=1) was started by someone else and keeps its database.
  if (server !== null && process.env.E2E_REUSE !== '1') {
    await dropE2eDatabase(server, Number(process.env.E2E_PORT ?? 3917));
  }
}
