/**
 * @module Rate limits on the endpoints worth guessing or flooding: the token endpoint, the Scan & Go
 * context call and the web app's one-time token exchange. Limits are per client IP (behind proxies,
 * the address the trusted proxies saw, see `TRUST_PROXY`; spoofed left-most entries are ignored), counted in this process's memory over a fixed
 * window, and checked before authentication so failed attempts count too. A refused request gets
 * the project's error body with `429` and `Retry-After`.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.js';
import { AppError } from '../../errors.js';

/** The limited routes: `METHOD path` → the configured number of requests per window. */
export function limitedRoutes(config: Config): ReadonlyMap<string, number> {
  return new Map([
    ['POST /oauth2/token', config.rateLimitOAuthToken],
    ['POST /api/partners/patient/scan-token', config.rateLimitScanToken],
    ['POST /api/app/session', config.rateLimitAppSession],
  ]);
}

/**
 * Installs the limits. Must run before the limited routes are registered (it hooks `onRoute`).
 * A limit of 0 turns that route's limit off.
 * @param app - root instance
 * @param config - limits and window from the configuration
 */
export async function registerRateLimits(app: FastifyInstance, config: Config): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    timeWindow: config.rateLimitWindowMs,
    errorResponseBuilder: (_req, ctx) =>
      new AppError('rate-limited', `Too many requests: at most ${ctx.max} per ${ctx.after}; retry later`),
  });
  const limits = limitedRoutes(config);
  const handlers = new Map<string, (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>>();
  for (const [route, max] of limits) {
    if (max > 0) {
      handlers.set(route, app.rateLimit({ max, timeWindow: config.rateLimitWindowMs, groupId: route }));
    }
  }
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      const handler = handlers.get(`${method} ${route.url}`);
      if (handler === undefined) continue;
      const existing = route.onRequest === undefined ? [] : [route.onRequest].flat();
      route.onRequest = [handler, ...existing];
    }
  });
}
