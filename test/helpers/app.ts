/**
 * @module buildTestApp: a fresh migrated test database (PGlite, or PostgreSQL with DATABASE_URL) and the
 * real app on it, for `app.inject()` tests. Share one per test file (beforeAll) and isolate with unique data.
 */
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppDeps } from '../../src/api/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { Db } from '../../src/store/db.js';
import { createTestDb } from './db.js';

export const TEST_PUBLIC_URL = 'http://ordoscan.test';

/** @returns the configuration tests run with (silent logs, no demo), with `env` overrides */
export function loadTestConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    PUBLIC_URL: TEST_PUBLIC_URL,
    DEMO: 'false',
    LOG_LEVEL: 'silent',
    SCAN_WORKERS: '0',
    ...env,
  });
}

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  config: Config;
  close(): Promise<void>;
}

/**
 * Builds the app on a fresh test database.
 * @param opts - config env overrides and extra AppDeps
 */
export async function buildTestApp(
  opts: { env?: Record<string, string>; deps?: Partial<Omit<AppDeps, 'config' | 'db'>> } = {},
): Promise<TestApp> {
  const db = await createTestDb();
  const config = loadTestConfig(opts.env);
  const app = await buildApp({ config, db, ...opts.deps }, { logger: false });
  return {
    app,
    db,
    config,
    async close() {
      await app.close();
      await db.close();
    },
  };
}
