/**
 * @module Sustained mixed load on PostgreSQL: context calls (`scan-token`), drug autocomplete and direct
 * scans (a text-layer PDF, a photographed PNG now and then) against an in-process server, with the scans
 * read by separate `ordoscan worker` processes. Every interval it prints, per kind, requests/s, p50/p99
 * latency and errors (scans answered 429 by the queue limit are counted apart), plus scans
 * finished/failed/queued, so a slow leak or a queue that never drains shows.
 * Run: `DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/load-mixed.ts
 *   [seconds=180] [workers=2] [concurrency=8] [interval=15]`. Uses a fresh database, dropped at the end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { buildApp } from '../src/api/app.js';
import { loadConfig } from '../src/config.js';
import { SAMPLE_PRESCRIPTION, textPdf, textPng } from '../src/jobs/fixtures/prescription-files.js';
import { openPostgres } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import { createTestPartner } from '../test/helpers/partner.js';

const [SECONDS = 180, WORKERS = 2, CONCURRENCY = 8, INTERVAL = 15] = process.argv.slice(2).map(Number);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const QUERIES = [
  'dolip',
  'amoxi',
  'doliprane 1000',
  'levothyrox',
  'kardegic',
  'paracetamol',
  'ibupro',
  'spasfon',
];

type Kind = 'scan-token' | 'autocomplete' | 'scan';
interface Sample {
  kind: Kind;
  ms: number;
  ok: boolean;
  /** Answered 429 (scan backpressure, `SCAN_QUEUE_LIMIT`): shed by design, counted apart from errors. */
  shed: boolean;
}

function pct(sorted: number[], p: number): number {
  return sorted.length === 0
    ? 0
    : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0);
}

async function main(): Promise<void> {
  const adminUrl = process.env.DATABASE_URL;
  if (adminUrl === undefined || adminUrl === '') throw new Error('Set DATABASE_URL (PostgreSQL).');
  const name = `ordoscan_load_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const db = await openPostgres(url, 10);
  const workers: ChildProcess[] = [];
  try {
    await migrate(db);
    const env = { PUBLIC_URL: 'http://load.test', DEMO: 'false', LOG_LEVEL: 'silent', DATABASE_URL: url };
    const config = loadConfig({
      ...env,
      SCAN_WORKERS: '0',
      RATE_LIMIT_OAUTH_TOKEN: '0',
      RATE_LIMIT_SCAN_TOKEN: '0',
      RATE_LIMIT_APP_SESSION: '0',
    });
    const app = await buildApp({ config, db }, { logger: false });
    const p = await createTestPartner({ app, db, config });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    if (addr === null || typeof addr === 'string') throw new Error('no address');
    const base = `http://127.0.0.1:${addr.port}`;
    for (let i = 0; i < WORKERS; i++) {
      const w = spawn(
        process.execPath,
        [path.join(ROOT, 'bin/ordoscan.js'), 'worker', '--concurrency', '1'],
        {
          env: { ...process.env, ...env },
          stdio: ['ignore', 'ignore', 'inherit'],
        },
      );
      workers.push(w);
    }
    const pdf = textPdf([SAMPLE_PRESCRIPTION]).toString('base64');
    const png = (await textPng(SAMPLE_PRESCRIPTION)).toString('base64');
    // Warm the drug index (loaded on first use).
    await fetch(`${base}/api/drugs/autocomplete?query=dolip`, { headers: p.headers });

    const samples: Sample[] = [];
    let n = 0;
    const one = async (): Promise<void> => {
      const i = n++;
      const r = i % 20;
      const kind: Kind = r < 11 ? 'scan-token' : r < 19 ? 'autocomplete' : 'scan';
      const t0 = performance.now();
      let ok: boolean;
      let shed = false;
      try {
        let res: Response;
        if (kind === 'scan-token') {
          res = await fetch(`${base}/api/partners/patient/scan-token`, {
            method: 'POST',
            headers: { ...p.headers, 'content-type': 'application/json' },
            body: JSON.stringify({ ...p.scanTokenBody, patientId: `P-${i}` }),
          });
        } else if (kind === 'autocomplete') {
          const q = QUERIES[i % QUERIES.length] ?? 'dolip';
          res = await fetch(`${base}/api/drugs/autocomplete?query=${encodeURIComponent(q)}&k=10`, {
            headers: p.headers,
          });
        } else {
          // One scan in five is a photo (OCR); the others a text-layer PDF.
          const image = i % 100 === 19 ? { image: png, isPdf: false } : { image: pdf, isPdf: true };
          res = await fetch(`${base}/api/scan`, {
            method: 'POST',
            headers: { ...p.headers, 'content-type': 'application/json' },
            body: JSON.stringify({ images: [image], patientId: `P-${i}` }),
          });
        }
        await res.arrayBuffer();
        shed = res.status === 429;
        ok = res.status < 400 || shed;
      } catch {
        ok = false;
      }
      samples.push({ kind, ms: performance.now() - t0, ok, shed });
    };

    const end = Date.now() + SECONDS * 1000;
    const loops = Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < end) await one();
    });
    console.log(
      `load-mixed: ${SECONDS} s, ${CONCURRENCY} connections, ${WORKERS} worker process(es), PostgreSQL; interval ${INTERVAL} s`,
    );
    const report = async (t: number): Promise<void> => {
      const batch = samples.splice(0);
      const parts = (['scan-token', 'autocomplete', 'scan'] as Kind[]).map((k) => {
        const s = batch.filter((x) => x.kind === k);
        const ms = s.map((x) => x.ms).sort((a, b) => a - b);
        return `${k} ${(s.length / INTERVAL).toFixed(1)}/s p50 ${pct(ms, 50).toFixed(1)} p99 ${pct(ms, 99).toFixed(1)} ms err ${s.filter((x) => !x.ok).length}${k === 'scan' ? ` 429 ${s.filter((x) => x.shed).length}` : ''}`;
      });
      const q = await db.query<{ status: string; n: number }>(
        'select status, count(*)::int as n from prescriptions group by status order by status',
      );
      const scans = q.rows.map((r) => `${r.status} ${r.n}`).join(', ');
      console.log(`t=${t}s | ${parts.join(' | ')} | scans: ${scans}`);
    };
    let t = 0;
    const timer = setInterval(() => {
      t += INTERVAL;
      void report(t);
    }, INTERVAL * 1000);
    await Promise.all(loops);
    clearInterval(timer);
    if (samples.length > 0) await report(t + INTERVAL);
    // Let the workers drain the queue (at most 60 s), then report what is left.
    const drainEnd = Date.now() + 60_000;
    let left = 1;
    while (Date.now() < drainEnd && left > 0) {
      await new Promise((r) => setTimeout(r, 1000));
      left =
        (
          await db.query<{ n: number }>(
            `select count(*)::int as n from prescriptions where status = 'reading'`,
          )
        ).rows[0]?.n ?? 0;
    }
    const final = await db.query<{ status: string; n: number; avg: number | null }>(
      `select status, count(*)::int as n,
              avg(extract(epoch from (read_at - created_at)))::float as avg
         from prescriptions group by status order by status`,
    );
    console.log(
      `after load (+${Math.round((Date.now() - end) / 1000)} s drain): ${final.rows
        .map((r) => `${r.status} ${r.n}${r.avg === null ? '' : ` (mean ${r.avg.toFixed(1)} s to read)`}`)
        .join(', ')}`,
    );
    await app.close();
  } finally {
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(
      workers.map((w) => new Promise((r) => (w.exitCode !== null ? r(null) : w.once('exit', r)))),
    );
    await db.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

await main();
