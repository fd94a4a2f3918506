/**
 * @module Serves the Scan & Go web app (the Vite build in `web/dist`) under the scan-app path
 * (the path of `SCAN_APP_URL`, default `/scan`), with a strict Content Security Policy: scripts,
 * styles, images and connections from this origin only, no inline script or style, no framing.
 * The HTML is never cached (it carries no secret, but the URL it is served at may carry the
 * one-time token, so `Referrer-Policy: no-referrer` keeps it out of any request the page makes).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** The app's Content Security Policy: same origin only, no inline code, blob: for webcam snapshots. */
export const APP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** CSP for JSON and image responses of the app API: nothing may run in them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/** Where `vite build` writes the app (see `web/vite.config.ts`). */
export const DEFAULT_DIST_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../web/dist',
);

/**
 * @param scanAppUrl - the configured scan-app URL
 * @returns the path the app is mounted at: the URL's path without trailing slash (`/scan` when the
 * URL has no path, so the app never shadows the API)
 */
export function appMountPath(scanAppUrl: string): string {
  const p = new URL(scanAppUrl).pathname.replace(/\/+$/, '');
  return p === '' ? '/scan' : p;
}

/** Security headers for every response of the app routes. */
export function setAppSecurityHeaders(reply: FastifyReply, csp: string = APP_CSP): void {
  void reply
    .header('content-security-policy', csp)
    .header('referrer-policy', 'no-referrer')
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('cross-origin-opener-policy', 'same-origin')
    .header('cross-origin-resource-policy', 'same-origin')
    .header('permissions-policy', 'camera=(self), microphone=(), geolocation=()');
}

/**
 * Registers the app's HTML routes (`<mount>`, `<mount>/`, `<mount>/mobile`) and its assets.
 * @param app - the Fastify app
 * @param opts - `scanAppUrl` from the config; `distDir` to serve another build (tests)
 */
export async function registerStaticApp(
  app: FastifyInstance,
  opts: { scanAppUrl: string; distDir?: string },
): Promise<void> {
  const mount = appMountPath(opts.scanAppUrl);
  const dist = opts.distDir ?? DEFAULT_DIST_DIR;
  const indexFile = path.join(dist, 'index.html');
  // Re-read when the build changes (`npm run build:web` while the server runs): asset names are hashed.
  let html: { mtimeMs: number; body: string } | null = null;
  const loadHtml = (): string | null => {
    let mtimeMs: number;
    try {
      mtimeMs = fs.statSync(indexFile).mtimeMs;
    } catch {
      return null;
    }
    if (html?.mtimeMs !== mtimeMs) {
      const body = fs.readFileSync(indexFile, 'utf8').replace(/(src|href)="\.\//g, `$1="${mount}/`);
      html = { mtimeMs, body };
    }
    return html.body;
  };
  const sendIndex = async (_req: unknown, reply: FastifyReply): Promise<string> => {
    setAppSecurityHeaders(reply);
    void reply.header('cache-control', 'no-store');
    const body = loadHtml();
    if (body === null) {
      return reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .send(
          'The Scan & Go web app is not built: run `npm run build:web` (or `npm install`), then restart the server.',
        );
    }
    return reply.type('text/html; charset=utf-8').send(body);
  };
  for (const url of [mount, `${mount}/`, `${mount}/mobile`]) app.get(url, sendIndex);

  if (fs.existsSync(path.join(dist, 'assets'))) {
    await app.register(fastifyStatic, {
      root: path.join(dist, 'assets'),
      prefix: `${mount}/assets/`,
      decorateReply: false,
      index: false,
      wildcard: true,
      immutable: true,
      maxAge: '365d',
      setHeaders: (reply) => {
        void reply
          .header('content-security-policy', APP_CSP)
          .header('x-content-type-options', 'nosniff')
          .header('cross-origin-resource-policy', 'same-origin');
      },
    });
  }
}
