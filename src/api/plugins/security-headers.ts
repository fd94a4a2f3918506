/**
 * @module Security headers on every response: no MIME sniffing, no referrer (URLs may carry one-time
 * tokens), no framing, HSTS when the public URL is https, and `Cache-Control: no-store` unless the
 * route chose its own caching (the app's hashed assets, the public JWKS). A response without its own
 * Content Security Policy gets one that lets nothing run (the web app's HTML keeps its own CSP).
 */
import type { FastifyInstance } from 'fastify';

/** CSP for responses that did not set one: JSON, images and errors run nothing and are never framed. */
export const DEFAULT_CSP = "default-src 'none'; frame-ancestors 'none'";

/** HSTS value sent when the public URL is https (one year, subdomains included). */
export const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Adds the headers in an `onSend` hook (so they are on errors and 404s too).
 * @param app - root instance
 * @param opts - `publicUrl` from the configuration (https turns HSTS on)
 */
export function registerSecurityHeaders(app: FastifyInstance, opts: { publicUrl: string }): void {
  const https = new URL(opts.publicUrl).protocol === 'https:';
  app.addHook('onSend', async (_request, reply, payload) => {
    void reply.header('x-content-type-options', 'nosniff').header('referrer-policy', 'no-referrer');
    if (!reply.hasHeader('x-frame-options')) void reply.header('x-frame-options', 'DENY');
    if (!reply.hasHeader('content-security-policy')) {
      void reply.header('content-security-policy', DEFAULT_CSP);
    }
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    if (https) void reply.header('strict-transport-security', HSTS);
    return payload;
  });
}
