import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createTestPartner, type TestPartner } from '../../../test/helpers/partner.js';

let t: TestApp;
let p: TestPartner;

beforeAll(async () => {
  t = await buildTestApp({ deps: { partnerKeyCacheMs: 0 } });
  p = await createTestPartner(t);
});
afterAll(async () => t.close());

const url = (q: Record<string, string>): string => `/api/posology?${new URLSearchParams(q).toString()}`;

describe('GET /api/posology', () => {
  it('answers FHIR Dosage steps with reliability, renewals and issues', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: url({ query: '1 cp matin et soir pendant 7 jours, à renouveler 2 fois' }),
      headers: p.headers,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      dosage: Record<string, unknown>[];
      reliability: string;
      renewals: number;
      steps?: unknown;
    }>();
    expect(body.reliability).toBe('high');
    expect(body.renewals).toBe(2);
    expect(body.steps).toBeUndefined();
    expect(body.dosage).toEqual([
      expect.objectContaining({
        sequence: 1,
        text: '1 cp matin et soir pendant 7 jours, à renouveler 2 fois',
        timing: {
          repeat: {
            frequency: 2,
            period: 1,
            periodUnit: 'd',
            when: ['MORN', 'EVE'],
            boundsDuration: { value: 7, unit: 'day', system: 'http://unitsofmeasure.org', code: 'd' },
          },
        },
        doseAndRate: [
          {
            doseQuantity: {
              value: 1,
              unit: 'comprimé',
              system: 'http://standardterms.edqm.eu',
              code: '15054000',
            },
          },
        ],
      }),
    ]);
  });

  it('uses the drug for an implicit unit and adds a flat view with format=json', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: url({ query: '1-0-2', drug: 'MOPRAL 10 mg gélule', format: 'json' }),
      headers: p.headers,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ steps: { dose: number; unit: string; when: string[]; sequence: number }[] }>();
    expect(body.steps.map((s) => [s.sequence, s.dose, s.unit, s.when])).toEqual([
      [1, 1, 'gélule', ['MORN']],
      [1, 2, 'gélule', ['EVE']],
    ]);
  });

  it('flags text that is not a dosage instead of guessing', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: url({ query: 'Allergie à la pénicilline' }),
      headers: p.headers,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ reliability: string; issues: { code: string }[]; dosage: { text: string }[] }>();
    expect(body.reliability).toBe('low');
    expect(body.issues.map((i) => i.code)).toContain('posology-unparsed');
    expect(body.dosage).toEqual([{ sequence: 1, text: 'Allergie à la pénicilline' }]);
  });

  it('rejects a missing or empty query with 400', async () => {
    const bad: Record<string, string>[] = [
      {},
      { query: '' },
      { query: 'x'.repeat(1001) },
      { query: '1 cp', format: 'xml' },
    ];
    for (const q of bad) {
      const res = await t.app.inject({ method: 'GET', url: url(q), headers: p.headers });
      expect(res.statusCode).toBe(400);
      expect(res.json<{ error: string }>().error).toBe('invalid');
    }
  });

  it('requires a partner bearer token', async () => {
    const none = await t.app.inject({ method: 'GET', url: url({ query: '1 cp le soir' }) });
    expect(none.statusCode).toBe(401);
    const bad = await t.app.inject({
      method: 'GET',
      url: url({ query: '1 cp le soir' }),
      headers: { authorization: 'Bearer nope' },
    });
    expect(bad.statusCode).toBe(401);
  });
});
