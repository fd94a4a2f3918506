/**
 * @module Drug engine speed: index load time, `recognizeDrug` time per line (median, p95) and
 * `searchDrugs` (autocomplete) time per query (median, p99) in a tight loop; with `--http`, also
 * autocannon on `GET /api/drugs/autocomplete` of an in-process app (PGlite, one test partner).
 * Lines come from the eval dev set when present (`/work/shared/eval/dev`), else a built-in list.
 * Wall times on a shared machine include waiting for the CPU; CPU times are shown beside them.
 * Run: `npx tsx bench/drug-recognition.ts [--http]`.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  buildDrugIndex,
  buildSpecialties,
  loadDrugIndex,
  recognizeDrug,
  searchDrugs,
} from '../src/drugs/index.js';
import { readBdpmSnapshot } from '../src/drugs/bdpm/read.js';

const EVAL = '/work/shared/eval/dev';

/** The part of autocannon's API used here (the package ships no types). */
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  requests: { method: 'GET'; path: string; headers: Record<string, string> }[];
}) => Promise<{
  requests: { average: number };
  latency: { p50: number; p99: number };
  errors: number;
  non2xx: number;
}>;

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

function lines(): string[] {
  if (!fs.existsSync(EVAL)) {
    return [
      'DOLIPRANE 1000 mg cp 1 cp x 3/j',
      'Amoxicilline 500 mg gél. 2 gél matin et soir',
      'LEVOTHYROX 75 µg',
    ];
  }
  return fs
    .readdirSync(EVAL)
    .filter((f) => f.endsWith('.truth.json'))
    .flatMap((f) => {
      const doc = JSON.parse(fs.readFileSync(path.join(EVAL, f), 'utf8')) as {
        lines: { printedDrug: string; posologyText: string }[];
      };
      return doc.lines.map((l) => `${l.printedDrug} ${l.posologyText}`);
    });
}

const wall0 = performance.now();
const cpu0 = process.cpuUsage();
const index = buildDrugIndex(buildSpecialties(await readBdpmSnapshot(undefined, { presentations: false })));
const cpu = process.cpuUsage(cpu0);
console.log(
  `index load: ${(performance.now() - wall0).toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU (${index.entries.length} specialties)`,
);

const texts = lines();
for (const t of texts.slice(0, 50)) recognizeDrug(index, t); // warm-up
const times: number[] = [];
const rcpu0 = process.cpuUsage();
for (let round = 0; round < 3; round++) {
  for (const t of texts) {
    const s = performance.now();
    recognizeDrug(index, t);
    times.push(performance.now() - s);
  }
}
const rcpu = process.cpuUsage(rcpu0);
times.sort((a, b) => a - b);
console.log(
  `recognizeDrug: ${times.length} lines, median ${quantile(times, 0.5).toFixed(3)} ms, p95 ${quantile(times, 0.95).toFixed(3)} ms wall; mean CPU ${((rcpu.user + rcpu.system) / 1000 / times.length).toFixed(3)} ms`,
);

const queries = [
  'dolipr',
  'amox 1g',
  'paracetamol 500',
  'levothyr',
  'a',
  'ibu 400',
  'kardeg',
  'metformine 1000',
  'augm',
  'sero',
];
for (const q of queries) searchDrugs(index, q, 10);
const stimes: number[] = [];
for (let i = 0; i < 2000; i++) {
  const q = queries[i % queries.length] as string;
  const s = performance.now();
  searchDrugs(index, q, 10);
  stimes.push(performance.now() - s);
}
stimes.sort((a, b) => a - b);
console.log(
  `searchDrugs: ${stimes.length} queries, median ${quantile(stimes, 0.5).toFixed(3)} ms, p99 ${quantile(stimes, 0.99).toFixed(3)} ms`,
);

if (process.argv.includes('--http')) {
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
  const { buildTestApp } = await import('../test/helpers/app.js');
  const { createTestPartner } = await import('../test/helpers/partner.js');
  const t = await buildTestApp({ deps: { partnerKeyCacheMs: 60_000 } });
  const p = await createTestPartner(t);
  await loadDrugIndex(); // the route's shared index: load it before measuring
  const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
  const result = await autocannon({
    url: address,
    connections: 10,
    duration: 10,
    requests: queries.map((q) => ({
      method: 'GET' as const,
      path: `/api/drugs/autocomplete?query=${encodeURIComponent(q)}&k=10`,
      headers: p.headers,
    })),
  });
  console.log(
    `autocannon /api/drugs/autocomplete: ${result.requests.average.toFixed(0)} req/s, latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, errors ${result.errors}, non-2xx ${result.non2xx}`,
  );
  await t.close();
}
