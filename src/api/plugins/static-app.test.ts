import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { appMountPath, registerStaticApp } from './static-app.js';

const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'ordoscan-web-'));
fs.mkdirSync(path.join(dist, 'assets'));
fs.writeFileSync(
  path.join(dist, 'index.html'),
  '<html><head><script type="module" src="./assets/app-1.js"></script><link rel="stylesheet" href="./assets/app-1.css"></head><body></body></html>',
);
fs.writeFileSync(path.join(dist, 'assets/app-1.js'), 'console.log(1)');
afterAll(() => fs.rmSync(dist, { recursive: true, force: true }));

async function appWith(scanAppUrl: string, distDir: string): Promise<FastifyInstance> {
  const app = Fastify();
  await registerStaticApp(app, { scanAppUrl, distDir });
  await app.ready();
  return app;
}

describe('static web app', () => {
  it.each([
    ['http://h/scan', '/scan'],
    ['http://h/scan/', '/scan'],
    ['https://h.example/apps/scan-go', '/apps/scan-go'],
    ['http://h', '/scan'],
  ])('mounts %s at %s', (url, mount) => expect(appMountPath(url)).toBe(mount));

  it('serves the page under the mount path with a strict CSP, never cached, assets rewritten', async () => {
    const app = await appWith('http://h/scan', dist);
    for (const url of ['/scan', '/scan/', '/scan/mobile', '/scan?token=abc%7Cdef']) {
      const res = await app.inject({ url });
      expect(res.statusCode).toBe(200);
      const csp = res.headers['content-security-policy'] as string;
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toContain('src="/scan/assets/app-1.js"');
      expect(res.body).toContain('href="/scan/assets/app-1.css"');
    }
    const asset = await app.inject({ url: '/scan/assets/app-1.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-security-policy']).toContain("script-src 'self'");
    await app.close();
  });

  it('says how to build the app when the build is missing (503)', async () => {
    const app = await appWith('http://h/scan', path.join(dist, 'nowhere'));
    const res = await app.inject({ url: '/scan' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run build:web');
    await app.close();
  });
});
