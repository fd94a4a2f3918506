/**
 * Playwright configuration of the Scan & Go e2e tests: Debian's Chromium (never a downloaded browser),
 * headless, against the real server started by `server.ts` (real OCR; the embedded database, or a
 * scratch PostgreSQL database when DATABASE_URL is set, dropped by the server on SIGTERM).
 */
import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 3917);

export default defineConfig({
  testDir: '.',
  testMatch: '*.e2e.ts',
  outputDir: '../../test-results/e2e-artifacts',
  timeout: 240_000,
  expect: { timeout: 20_000 },
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${port}`,
    headless: true,
    locale: 'fr-FR',
    viewport: { width: 1366, height: 900 },
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
      ],
    },
    screenshot: 'only-on-failure',
    trace: 'off',
  },
  webServer: {
    command: 'npm run build:web && npx tsx test/e2e/server.ts',
    url: `http://localhost:${port}/healthz`,
    timeout: 300_000,
    reuseExistingServer: process.env.E2E_REUSE === '1',
    // SIGTERM, not SIGKILL: the server stops cleanly and drops its scratch PostgreSQL database.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
    stdout: 'pipe',
    stderr: 'pipe',
    cwd: '../..',
  },
});
