/**
 * Hand-run: `npx tsx bench/delivery.ts` (PGlite) or with DATABASE_URL (PostgreSQL).
 * Measures PN13 generation, webhook signing, and FHIR search / pull latency through the real app
 * (inject) over N validated prescriptions.
 */
import { buildTestApp } from '../test/helpers/app.js';
import { createTestPartner } from '../test/helpers/partner.js';
import { createValidatedPrescription } from '../test/fixtures/delivery/validated.js';
import { sampleRequestGroup } from '../test/fixtures/delivery/request-group.js';
import { toPn13 } from '../src/delivery/pn13.js';
import { signatureHeader } from '../src/delivery/signature.js';

const N = 300;
const pct = (xs: number[], p: number): number =>
  [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * p)] ?? NaN;

const rg = sampleRequestGroup({ id: 'x', patientId: 'P', authoredOn: '2024-02-28' });
let t0 = performance.now();
for (let i = 0; i < 2000; i++) toPn13(rg, { messageId: String(i), emittedAt: new Date() });
console.log(`toPn13: ${((performance.now() - t0) / 2000).toFixed(3)} ms per prescription (2 lines)`);
const body = JSON.stringify(rg);
t0 = performance.now();
for (let i = 0; i < 20000; i++) signatureHeader('whsec_0123456789abcdef0123', body);
console.log(
  `signature: ${(((performance.now() - t0) / 20000) * 1000).toFixed(1)} µs per ${body.length}-byte body`,
);

const t = await buildTestApp();
const a = await createTestPartner(t);
for (let i = 0; i < N; i++) {
  await createValidatedPrescription(t.db, {
    facilityId: a.facility.id,
    partnerId: a.partner.id,
    patientId: `P${i % 30}`,
    authoredOn: `2024-0${1 + (i % 9)}-1${i % 10}`,
  });
}
for (const [name, url] of [
  [
    'FHIR search patient, -authored, _count=10',
    `/fhir/r4/${a.facility.slug}/RequestGroup?subject:identifier=P7&_sort=-authored&_count=10`,
  ],
  [
    'FHIR search date range, _count=20',
    `/fhir/r4/${a.facility.slug}/RequestGroup?authored=ge2024-03-01&authored=lt2024-06-01&_count=20`,
  ],
  ['pull list count=20', `/api/partners/prescriptions?facilitySlug=${a.facility.slug}&count=20`],
] as const) {
  const ms: number[] = [];
  for (let i = 0; i < 100; i++) {
    const s = performance.now();
    const res = await t.app.inject({ method: 'GET', url, headers: a.headers });
    if (res.statusCode !== 200) throw new Error(`${name}: ${res.statusCode} ${res.body}`);
    ms.push(performance.now() - s);
  }
  console.log(
    `${name} over ${N}: p50 ${pct(ms, 0.5).toFixed(1)} ms, p95 ${pct(ms, 0.95).toFixed(1)} ms (${t.db.kind})`,
  );
}
await t.close();
