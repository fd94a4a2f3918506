/**
 * @module Throughput of the context call (`POST /api/partners/patient/scan-token`: bearer check, facility
 * and user check, session insert) against a bare JSON route on a second minimal Fastify in the same
 * process, with autocannon (50 connections, ~10 s each), on PGlite and — when DATABASE_URL is set —
 * on PostgreSQL. Target: scan-token ≥ 50 % of the bare route's req/s on PostgreSQL.
 * Run: `npx tsx bench/scan-token.ts [seconds]` (DATABASE_URL=postgres://… to add PostgreSQL).
 */
import { createRequire } from 'node:module';
import Fastify, { type FastifyInstance } from 'fastify';
import { buildApp } from '../src/api/app.js';
import { loadConfig } from '../src/config.js';
import type { Db } from '../src/store/db.js';
import { createTestDb } from '../test/helpers/db.js';
import { createTestPartner } from '../test/helpers/partner.js';

/** The part of autocannon's API used here (the package ships no types). */
interface AutocannonOptions {
  url: string;
  connections?: number;
  duration?: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}
type Autocannon = (opts: AutocannonOptions) => Promise<{
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const SECONDS = Number(process.argv[2] ?? 10);
const CONNECTIONS = 50;

interface Result {
  label: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
}

async function run(label: string, opts: AutocannonOptions): Promise<Result> {
  const r = await autocannon({ connections: CONNECTIONS, duration: SECONDS, ...opts });
  return {
    label,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx + r.errors,
  };
}

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const a = app.server.address();
  if (a === null || typeof a === 'string') throw new Error('no address');
  return `http://127.0.0.1:${a.port}`;
}

async function benchOn(kind: string, db: Db): Promise<Result[]> {
  // The per-IP limit stays active but out of reach: one load generator is one IP.
  const config = loadConfig({
    PUBLIC_URL: 'http://bench.test',
    DEMO: 'false',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_SCAN_TOKEN: '1000000',
  });
  const app = await buildApp({ config, db }, { logger: false });
  const bare = Fastify({ logger: false });
  bare.get('/bench/bare', () => ({ status: 'ok' }));
  try {
    const p = await createTestPartner({ app, db, config });
    const [appUrl, bareUrl] = [await listen(app), await listen(bare)];
    const results = [
      await run(`${kind} bare JSON route`, { url: `${bareUrl}/bench/bare` }),
      await run(`${kind} scan-token`, {
        url: `${appUrl}/api/partners/patient/scan-token`,
        method: 'POST',
        headers: { ...p.headers, 'content-type': 'application/json' },
        body: JSON.stringify(p.scanTokenBody),
      }),
    ];
    const sessions = await db.query<{ n: number }>('select count(*)::int as n from scan_sessions');
    console.log(`${kind}: ${sessions.rows[0]?.n ?? 0} sessions created`);
    return results;
  } finally {
    await app.close();
    await bare.close();
  }
}

const all: Result[] = [];
for (const kind of ['PGlite', ...(process.env.DATABASE_URL ? ['PostgreSQL'] : [])]) {
  const saved = process.env.DATABASE_URL;
  if (kind === 'PGlite') delete process.env.DATABASE_URL;
  const db = await createTestDb();
  if (saved !== undefined) process.env.DATABASE_URL = saved;
  try {
    const [bare, scan] = await benchOn(kind, db);
    if (bare === undefined || scan === undefined) throw new Error('missing result');
    all.push(bare, scan);
    console.log(`${kind}: scan-token / bare = ${((scan.rps / bare.rps) * 100).toFixed(1)} %`);
  } finally {
    await db.close();
  }
}
console.log(`\n${CONNECTIONS} connections, ${SECONDS} s each`);
console.log('route                              req/s    p50 ms  p99 ms  non-2xx');
for (const r of all) {
  console.log(
    `${r.label.padEnd(32)} ${r.rps.toFixed(0).padStart(8)} ${String(r.p50).padStart(8)} ${String(r.p99).padStart(7)} ${String(r.non2xx).padStart(8)}`,
  );
}
