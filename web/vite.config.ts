/**
 * @module Vite build of the Scan & Go web app. The app is served by the Fastify server under the
 * scan-app path (default `/scan`); asset URLs are relative and rewritten by the server at load time,
 * so one build works under any mount path. JSX is compiled by Vite's own transformer (automatic
 * runtime), no framework plugin needed.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root,
  base: './',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: path.join(root, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // No inline assets: the CSP forbids data: scripts and the server sets img-src 'self' blob: data:.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  logLevel: 'warn',
});
