import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createTestPartner, type TestPartner } from '../../../test/helpers/partner.js';
import { loadDrugIndex } from '../../drugs/index.js';

let t: TestApp;
let p: TestPartner;

beforeAll(async () => {
  await loadDrugIndex();
  t = await buildTestApp({ deps: { partnerKeyCacheMs: 0 } });
  p = await createTestPartner(t);
}, 180_000);
afterAll(async () => t.close());

const url = (q: Record<string, string>): string =>
  `/api/drugs/autocomplete?${new URLSearchParams(q).toString()}`;

interface Hit {
  cis: string;
  name: string;
  form: string;
  substances: string[];
  strength: string | null;
  marketed: boolean;
  score: number;
}

describe('GET /api/drugs/autocomplete', () => {
  it('completes a typed brand prefix with ranked specialties', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: url({ query: 'dolipr', k: '5' }),
      headers: p.headers,
    });
    expect(res.statusCode).toBe(200);
    const { results } = res.json<{ results: Hit[] }>();
    expect(results).toHaveLength(5);
    for (const r of results) {
      expect(r.name).toMatch(/^DOLIPRANE/);
      expect(r.cis).toMatch(/^\d{8}$/);
      expect(r.substances.join(' ')).toMatch(/PARACÉTAMOL/);
    }
    const scores = results.map((r) => r.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('filters by a typed strength ("amox 1g")', async () => {
    const res = await t.app.inject({ method: 'GET', url: url({ query: 'amox 1g' }), headers: p.headers });
    const { results } = res.json<{ results: Hit[] }>();
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) expect(r.strength).toMatch(/^1000 mg/);
  });

  it('rejects a missing bearer token and an empty query', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: url({ query: 'dolipr' }) });
    expect(anonymous.statusCode).toBe(401);
    const empty = await t.app.inject({ method: 'GET', url: url({ query: '' }), headers: p.headers });
    expect(empty.statusCode).toBe(400);
  });
});
