/**
 * @module buildApp: the Fastify application with every route, built from explicit dependencies so
 * tests boot the real app in-process and call it with `inject()`. Route modules are registered in
 * `registerRoutes` below, one line each; see `api/README.md`.
 */
import swagger from '@fastify/swagger';
import type { Writable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { createIdTokenVerifier } from '../auth/id-token.js';
import { createPartnerAuthenticator } from '../auth/partner-context.js';
import { ensureSigningKey, type SigningKey } from '../auth/signing-keys.js';
import type { Config } from '../config.js';
import type { Db } from '../store/db.js';
import { registerPartnerAuth } from './plugins/auth.js';
import { registerErrorHandler } from './plugins/errors.js';
import { registerRateLimits } from './plugins/rate-limit.js';
import { registerSecurityHeaders } from './plugins/security-headers.js';
import { registerStaticApp } from './plugins/static-app.js';
import { registerScanSessions } from './plugins/session.js';
import { registerAppSessionRoutes } from './routes/app-session.js';
import { registerAppRoutes } from './routes/app/index.js';
import { registerOAuthRoutes } from './routes/oauth.js';
import { registerPosologyRoute } from './routes/posology.js';
import { registerDrugRoutes } from './routes/drugs.js';
import { registerPartnerPrescriptionRoutes } from './routes/partner/prescriptions.js';
import { registerScanTokenRoute, type SessionOpenedHook } from './routes/partner/scan-token.js';
import { registerFhirRoutes } from './routes/fhir/index.js';
import { registerScanRoutes } from './routes/scan.js';

export interface AppDeps {
  config: Config;
  db: Db;
  /**
   * How long a partner key's state may be cached, ms (default 1000; 0 = every call). A revocation
   * drops it at once through NOTIFY; this bounds the delay when a notice is lost.
   */
  partnerKeyCacheMs?: number;
  /** Called after each scan session is opened by a context call (e.g. enqueue pre-imported files). */
  onSessionOpened?: SessionOpenedHook;
}

/** Everything routes may need, once the app-level resources exist. */
export interface RouteDeps extends AppDeps {
  signingKey: SigningKey;
}

/** NOTIFY channel of partner key and grant changes (payload: key id or `*`), see migration 0060. */
export const PARTNER_ACCESS_CHANNEL = 'ordoscan_partner_access';

/** Request and response fields that may carry patient data or secrets, removed from logs. */
const LOG_REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  // @fastify/multipart logs the request headers at trace level.
  'busboyOptions.headers.authorization',
  'busboyOptions.headers.cookie',
];

/**
 * Builds the HTTP application (not listening). The database must be migrated.
 * @param deps - configuration and database
 * @param opts - `logger: false` in tests; `logStream` sends the JSON log lines there instead of stdout;
 *   `extraRoutes` adds routes to this very instance before it is sealed (benches: a bare route beside
 *   the real ones, behind the same hooks)
 */
export async function buildApp(
  deps: AppDeps,
  opts: { logger?: boolean; logStream?: Writable; extraRoutes?: (app: FastifyInstance) => void } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      opts.logger === false
        ? false
        : {
            level: deps.config.logLevel,
            redact: LOG_REDACT,
            ...(opts.logStream === undefined ? {} : { stream: opts.logStream }),
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
    // A number of proxies: believe that many X-Forwarded-For hops (Fastify's types lack the number form).
    trustProxy:
      typeof deps.config.trustProxy === 'number' ? trustHops(deps.config.trustProxy) : deps.config.trustProxy,
    ajv: {
      customOptions: { removeAdditional: 'all', coerceTypes: 'array', useDefaults: true, allErrors: true },
    },
  });
  registerErrorHandler(app);
  registerSecurityHeaders(app, { publicUrl: deps.config.publicUrl });
  await registerRateLimits(app, deps.config);
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Ordoscan partner API',
        version: '1',
        description: 'Scan & Go context call, identity tokens and prescription delivery',
      },
      servers: [{ url: deps.config.publicUrl }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    },
    hideUntagged: true,
  });
  const signingKey = await ensureSigningKey(deps.db);
  const verifier = createIdTokenVerifier(deps.db, {
    issuer: deps.config.publicUrl,
    audience: deps.config.oauthClientId,
  });
  const partnerAuth = createPartnerAuthenticator(deps.db, verifier, deps.partnerKeyCacheMs ?? 1000);
  registerPartnerAuth(app, partnerAuth);
  // Key revocations and removed grants, from any node (migration 0060): drop the cached state now.
  // Back from a lost connection: a notice may have been missed, so every cached key state is dropped.
  const unlisten = await deps.db.listen(
    PARTNER_ACCESS_CHANNEL,
    (keyId) => partnerAuth.forget(keyId),
    () => partnerAuth.forget('*'),
  );
  app.addHook('onClose', unlisten);
  await registerScanSessions(app, deps.db, deps.config.publicUrl);
  await registerRoutes(app, { ...deps, signingKey });
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
  opts.extraRoutes?.(app);
  await app.ready();
  return app;
}

function trustHops(n: number): (addr: string, hop: number) => boolean {
  return (_addr, hop) => hop < n;
}

/** One line per route module. */
async function registerRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  app.get('/healthz', async () => {
    await deps.db.query('select 1');
    return { status: 'ok' };
  });
  await registerOAuthRoutes(app, deps);
  registerScanTokenRoute(app, deps);
  registerPosologyRoute(app);
  registerDrugRoutes(app);
  registerAppSessionRoutes(app, deps);
  await registerAppRoutes(app, deps);
  await registerStaticApp(app, { scanAppUrl: deps.config.scanAppUrl });
  await registerScanRoutes(app, deps);
  registerPartnerPrescriptionRoutes(app, deps);
  await registerFhirRoutes(app, deps);
}
