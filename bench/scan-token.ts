/**
 * @module Throughput of the context call (`POST /api/partners/patient/scan-token`: bearer check, facility
 * and user check, session insert) against a bare JSON route registered on the SAME app (same hooks:
 * security headers, cookies, error handler, request logging at the default `info` level into a
 * discarding stream), in the same run, with autocannon (50 connections) in this process, on PGlite and
 * — when DATABASE_URL is set — on PostgreSQL (own database, pool opened as `ordoscan serve` does).
 * A bare route on a second, minimal Fastify is measured too, as a reference line.
 * Each round measures the three routes in turn; the medians over the rounds are printed.
 * Target: scan-token ≥ 50 % of the same app's bare route req/s on PostgreSQL.
 * Run: `npx tsx bench/scan-token.ts [seconds=10] [rounds=3] [workers=0]` (DATABASE_URL=postgres://… to
 * add PostgreSQL, BENCH_DATABASES=PostgreSQL to skip PGlite; workers > 0 runs autocannon in that many threads
 * instead of the server's thread).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { Writable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '../src/api/app.js';
import { loadConfig } from '../src/config.js';
import { migrate } from '../src/store/migrate.js';
import { openPglite, openPostgres, type Db } from '../src/store/db.js';
import { createTestPartner } from '../test/helpers/partner.js';

/** The part of autocannon's API used here (the package ships no types). */
interface AutocannonOptions {
  url: string;
  connections?: number;
  duration?: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  workers?: number;
}
type Autocannon = (opts: AutocannonOptions) => Promise<{
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const SECONDS = Number(process.argv[2] ?? 10);
const ROUNDS = Number(process.argv[3] ?? 3);
/** 0: autocannon runs in the server's own thread (the default); N: in N worker threads. */
const WORKERS = Number(process.argv[4] ?? 0);
const CONNECTIONS = 50;
const WARMUP_SECONDS = 3;
const ROUTES = ['bare route, minimal Fastify', 'bare route, same app', 'scan-token'] as const;
type Route = (typeof ROUTES)[number];

interface Result {
  rps: number;
  /** CPU of this process (server + in-thread load generator) per request, µs. */
  nodeUs: number;
  /** CPU of all PostgreSQL server processes per request, µs (Linux /proc; NaN elsewhere). */
  pgUs: number;
  p50: number;
  p99: number;
  non2xx: number;
}

/** @returns CPU ticks (utime + stime) so far of each PostgreSQL server process, by pid (empty without /proc) */
function postgresCpuTicks(): Map<string, number> {
  const ticks = new Map<string, number>();
  try {
    for (const pid of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        if (!stat.includes('(postgres)')) continue;
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        ticks.set(pid, Number(f[11]) + Number(f[12])); // utime, stime (fields 14 and 15)
      } catch {
        // the process ended meanwhile
      }
    }
  } catch {
    // no /proc
  }
  return ticks;
}

/** @returns CPU seconds the PostgreSQL processes alive at the end used since `before` (NaN without /proc) */
function postgresCpuSince(before: Map<string, number>): number {
  const after = postgresCpuTicks();
  if (after.size === 0) return Number.NaN;
  let ticks = 0;
  for (const [pid, t] of after) ticks += t - (before.get(pid) ?? 0);
  return ticks / 100; // USER_HZ
}

async function run(opts: AutocannonOptions): Promise<Result> {
  const cpu0 = process.cpuUsage();
  const pg0 = postgresCpuTicks();
  const r = await autocannon({
    connections: CONNECTIONS,
    duration: SECONDS,
    ...(WORKERS > 0 ? { workers: WORKERS } : {}),
    ...opts,
  });
  const cpu = process.cpuUsage(cpu0);
  const n = Math.max(1, r.requests.total);
  return {
    rps: r.requests.average,
    nodeUs: (cpu.user + cpu.system) / n,
    pgUs: (postgresCpuSince(pg0) * 1e6) / n,
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

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

/** A migrated database of its own: in-memory PGlite, or a new PostgreSQL database (dropped by close). */
async function openBenchDb(url: string | null): Promise<Db> {
  if (url === null) {
    const db = await openPglite(null);
    await migrate(db);
    return db;
  }
  const name = `ordoscan_bench_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(sql).finally(() => c.end());
  };
  await admin(`create database ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  const db = await openPostgres(u.toString());
  await migrate(db);
  return { ...db, close: () => db.close().then(() => admin(`drop database if exists ${name} with (force)`)) };
}

async function benchOn(kind: string, db: Db): Promise<Map<Route, Result[]>> {
  // Production defaults; the per-IP limit stays active but out of reach (one load generator is one IP).
  const config = loadConfig({
    PUBLIC_URL: 'http://bench.test',
    DEMO: 'false',
    LOG_LEVEL: 'info',
    RATE_LIMIT_SCAN_TOKEN: '1000000',
  });
  const discard = new Writable({ write: (_chunk, _enc, cb) => cb() });
  const app = await buildApp(
    { config, db },
    {
      logStream: discard,
      extraRoutes: (a) => a.get('/bench/bare', () => ({ status: 'ok' })),
    },
  );
  const minimal = Fastify({ logger: false });
  minimal.get('/bench/bare', () => ({ status: 'ok' }));
  const results = new Map<Route, Result[]>(ROUTES.map((r) => [r, []]));
  try {
    const p = await createTestPartner({ app, db, config });
    const [appUrl, minimalUrl] = [await listen(app), await listen(minimal)];
    const targets: Record<Route, AutocannonOptions> = {
      'bare route, minimal Fastify': { url: `${minimalUrl}/bench/bare` },
      'bare route, same app': { url: `${appUrl}/bench/bare` },
      'scan-token': {
        url: `${appUrl}/api/partners/patient/scan-token`,
        method: 'POST',
        headers: { ...p.headers, 'content-type': 'application/json' },
        body: JSON.stringify(p.scanTokenBody),
      },
    };
    // Warm-up (not counted): JIT, prepared statements, pool connections, first index pages.
    for (const route of ROUTES) await run({ ...targets[route], duration: WARMUP_SECONDS });
    for (let round = 1; round <= ROUNDS; round++) {
      for (const route of ROUTES) {
        const r = await run(targets[route]);
        results.get(route)?.push(r);
        console.log(
          `${kind} round ${round} ${route}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50} p99 ${r.p99} ms, ` +
            `CPU/request: node ${r.nodeUs.toFixed(0)} µs, PostgreSQL ${r.pgUs.toFixed(0)} µs`,
        );
      }
    }
    const sessions = await db.query<{ n: number }>('select count(*)::int as n from scan_sessions');
    console.log(`${kind}: ${sessions.rows[0]?.n ?? 0} sessions created`);
    return results;
  } finally {
    await app.close();
    await minimal.close();
  }
}

const lines: string[] = [];
// BENCH_DATABASES=PostgreSQL (or PGlite) measures one database only.
const kinds = ['PGlite', ...(process.env.DATABASE_URL ? ['PostgreSQL'] : [])].filter(
  (k) => process.env.BENCH_DATABASES === undefined || process.env.BENCH_DATABASES.split(',').includes(k),
);
for (const kind of kinds) {
  const db = await openBenchDb(kind === 'PGlite' ? null : (process.env.DATABASE_URL ?? null));
  try {
    const results = await benchOn(kind, db);
    const med = (route: Route, k: keyof Result): number =>
      median((results.get(route) ?? []).map((r) => r[k]));
    for (const route of ROUTES) {
      const non2xx = (results.get(route) ?? []).reduce((n, r) => n + r.non2xx, 0);
      lines.push(
        `${`${kind} ${route}`.padEnd(40)} ${med(route, 'rps').toFixed(0).padStart(8)} ${String(med(route, 'p50')).padStart(7)} ${String(med(route, 'p99')).padStart(7)} ${String(non2xx).padStart(8)} ${med(route, 'nodeUs').toFixed(0).padStart(8)} ${med(route, 'pgUs').toFixed(0).padStart(6)}`,
      );
    }
    const scan = med('scan-token', 'rps');
    // Paired per round (measured minutes apart rather than a whole run apart): less sensitive to load drift.
    const perRound = (results.get('scan-token') ?? []).map(
      (r, i) => r.rps / (results.get('bare route, same app')?.[i]?.rps ?? Number.NaN),
    );
    // What an idle 2-core machine would give if CPU-bound: this thread on one core, PostgreSQL on the other.
    const bareUs = med('bare route, same app', 'nodeUs');
    const scanUs = Math.max(
      med('scan-token', 'nodeUs'),
      kind === 'PostgreSQL' ? med('scan-token', 'pgUs') : 0,
    );
    lines.push(
      `${kind}: CPU-bound estimate (server thread on one core${kind === 'PostgreSQL' ? ', PostgreSQL on the other' : ''}): ` +
        `scan-token / bare route of the same app = ${((bareUs / scanUs) * 100).toFixed(1)} %`,
    );
    lines.push(
      `${kind}: scan-token / bare route of the same app per round = ${perRound.map((x) => `${(x * 100).toFixed(1)} %`).join(', ')}` +
        ` (median ${(median(perRound) * 100).toFixed(1)} %)`,
    );
    lines.push(
      `${kind}: scan-token / bare route of the same app = ${((scan / med('bare route, same app', 'rps')) * 100).toFixed(1)} %` +
        `; / minimal Fastify = ${((scan / med('bare route, minimal Fastify', 'rps')) * 100).toFixed(1)} %`,
    );
  } finally {
    await db.close();
  }
}
console.log(
  `\n${CONNECTIONS} connections, ${SECONDS} s per run, median of ${ROUNDS} rounds, load generator ` +
    (WORKERS > 0 ? `in ${WORKERS} worker thread(s)` : 'in the server thread'),
);
console.log(
  'route                                       req/s  p50 ms  p99 ms  non-2xx  node µs  pg µs   (CPU per request)',
);
for (const l of lines) console.log(l);
