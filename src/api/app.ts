/**
 * @module buildApp: the Fastify application with every route, built from explicit dependencies so
 * tests boot the real app in-process and call it with `inject()`.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import type { Db } from '../store/db.js';
import { registerErrorHandler } from './plugins/errors.js';

export interface AppDeps {
  config: Config;
  db: Db;
}

/** Request and response fields that may carry patient data or secrets, removed from logs. */
const LOG_REDACT = ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'];

/**
 * Builds the HTTP application (not listening).
 * @param deps - configuration and database
 * @param opts - `logger: false` in tests
 */
export async function buildApp(deps: AppDeps, opts: { logger?: boolean } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      opts.logger === false
        ? false
        : {
            level: deps.config.logLevel,
            redact: LOG_REDACT,
            // URLs carry one-time tokens and patient ids in query strings: log the path only.
            serializers: {
              req: (req: { method: string; url: string; id: string }) => ({
                id: req.id,
                method: req.method,
                path: req.url.split('?')[0],
              }),
            },
          },
    bodyLimit: 1024 * 1024,
    trustProxy: true,
    ajv: { customOptions: { removeAdditional: 'all', coerceTypes: 'array', useDefaults: true } },
  });
  registerErrorHandler(app);
  app.get('/healthz', async () => {
    await deps.db.query('select 1');
    return { status: 'ok' };
  });
  await app.ready();
  return app;
}
