import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { createTestPartner, type TestPartner } from '../../../../test/helpers/partner.js';
import { revokeKey } from '../../../registry/service-accounts.js';

const URL_ = '/api/partners/patient/scan-token';

// Default caches (verified tokens, partner key state for 1 s), as in production.
let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

const call = (p: TestPartner, patientId: string) =>
  t.app.inject({
    method: 'POST',
    url: URL_,
    headers: p.headers,
    payload: { ...p.scanTokenBody, patientId },
  });

describe('concurrent context calls (grouped inserts)', () => {
  it('gives each of many concurrent calls its own session', async () => {
    const p = await createTestPartner(t);
    const q = await createTestPartner(t);
    const plan = Array.from({ length: 30 }, (_, i) => ({ who: i % 3 === 0 ? q : p, patientId: `PAT-${i}` }));
    const res = await Promise.all(plan.map((c) => call(c.who, c.patientId)));
    expect(res.map((r) => r.statusCode)).toEqual(plan.map(() => 200));
    const ids = res.map((r) => r.json<{ token: string }>().token.slice(0, 32));
    expect(new Set(ids).size).toBe(plan.length);
    const rows = await t.db.query<{ id: string; patient_id: string; facility_id: string }>(
      'select id, patient_id, facility_id from scan_sessions where id = any($1::text[])',
      [ids],
    );
    const byId = new Map(rows.rows.map((r) => [r.id, r]));
    plan.forEach((c, i) => {
      expect(byId.get(ids[i] as string)).toMatchObject({
        patient_id: c.patientId,
        facility_id: c.who.facility.id,
      });
    });
  });

  it('refuses a revoked key at once although its token and key state are cached, others unaffected', async () => {
    const p = await createTestPartner(t);
    const q = await createTestPartner(t);
    expect((await call(p, 'warm')).statusCode).toBe(200); // token verified and key state cached
    await revokeKey(t.db, p.keyFile.private_key_id);
    const res = await Promise.all(
      Array.from({ length: 10 }, (_, i) => call(i % 2 === 0 ? p : q, `AFTER-${i}`)),
    );
    expect(res.map((r) => r.statusCode)).toEqual(
      Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? 401 : 200)),
    );
    const n = await t.db.query<{ n: number }>(
      `select count(*)::int as n from scan_sessions where facility_id = $1 and patient_id like 'AFTER-%'`,
      [p.facility.id],
    );
    expect(n.rows[0]?.n).toBe(0);
  });
});
