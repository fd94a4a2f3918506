import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/helpers/app.js';
import { createTestPartner, type TestPartner } from '../../test/helpers/partner.js';
import { hashSecret } from '../auth/scan-token.js';
import type { Queryable } from '../store/db.js';
import { batcherOptionsFor, createContextSessionBatcher } from './context-session-batcher.js';
import type { ContextSessionInput } from './insert-context-session.js';
import { revokeKey } from './service-accounts.js';
import { setUserImportEnabled } from './users.js';

let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

/** The real database, counting the statements it runs. */
function counting(db: Queryable): { db: Queryable; statements: () => number; mostAtOnce: () => number } {
  let n = 0;
  let running = 0;
  let most = 0;
  return {
    db: {
      query: async (sql, params, opts) => {
        n += 1;
        running += 1;
        most = Math.max(most, running);
        try {
          return await db.query(sql, params, opts);
        } finally {
          running -= 1;
        }
      },
      exec: (sql) => db.exec(sql),
    },
    statements: () => n,
    mostAtOnce: () => most,
  };
}

function callFor(p: TestPartner, over: Partial<ContextSessionInput> = {}): ContextSessionInput {
  return {
    id: randomBytes(16).toString('hex'),
    secretHash: hashSecret(randomBytes(40).toString('hex')),
    keyId: p.keyFile.private_key_id,
    partnerId: p.partner.id,
    serviceAccountId: p.keyFile.client_id,
    facilityId: p.facility.id,
    rpps: p.user.rpps,
    patientId: `P-${randomBytes(3).toString('hex')}`,
    defaultTtlMinutes: 60,
    ...over,
  };
}

async function storedSessions(
  ids: string[],
): Promise<Map<string, { patient_id: string; facility_id: string }>> {
  const r = await t.db.query<{ id: string; patient_id: string; facility_id: string }>(
    'select id, patient_id, facility_id from scan_sessions where id = any($1::text[])',
    [ids],
  );
  return new Map(r.rows.map((row) => [row.id, row]));
}

describe('createContextSessionBatcher', () => {
  it('groups concurrent calls into fewer statements and gives each call its own session', async () => {
    const p = await createTestPartner(t);
    const q = await createTestPartner(t);
    const c = counting(t.db);
    const batcher = createContextSessionBatcher(c.db, { maxInFlight: 1 });
    const calls = Array.from({ length: 40 }, (_, i) => callFor(i % 2 === 0 ? p : q));
    const outcomes = await Promise.all(calls.map((call) => batcher.insert(call)));
    expect(c.statements()).toBeLessThan(calls.length);
    expect(outcomes.every((o) => o.expiresAt instanceof Date && o.keyActive && o.importEnabled)).toBe(true);
    const stored = await storedSessions(calls.map((call) => call.id));
    expect(stored.size).toBe(calls.length);
    for (const call of calls) {
      expect(stored.get(call.id)).toMatchObject({ patient_id: call.patientId, facility_id: call.facilityId });
    }
  });

  it('keeps to the group size and the statements-at-once limit (PostgreSQL settings)', async () => {
    const p = await createTestPartner(t);
    const c = counting(t.db);
    const opts = batcherOptionsFor('postgres');
    const batcher = createContextSessionBatcher(c.db, opts);
    const calls = Array.from({ length: 45 }, () => callFor(p));
    const outcomes = await Promise.all(calls.map((call) => batcher.insert(call)));
    expect(outcomes.every((o) => o.expiresAt instanceof Date)).toBe(true);
    expect(c.statements()).toBeGreaterThanOrEqual(Math.ceil(calls.length / opts.maxBatch));
    expect(c.statements()).toBeLessThan(calls.length);
    expect(c.mostAtOnce()).toBeLessThanOrEqual(opts.maxInFlight);
    expect((await storedSessions(calls.map((call) => call.id))).size).toBe(calls.length);
  });

  it('answers each call of a batch on its own: vanished facility, revoked key, disabled user', async () => {
    const ok = await createTestPartner(t);
    const revoked = await createTestPartner(t);
    const disabled = await createTestPartner(t);
    await revokeKey(t.db, revoked.keyFile.private_key_id);
    await setUserImportEnabled(t.db, disabled.facility.id, disabled.user.rpps, false);
    const batcher = createContextSessionBatcher(t.db, { maxInFlight: 1 });
    const calls = [
      callFor(ok),
      callFor(ok, { facilityId: randomUUID() }),
      callFor(revoked),
      callFor(disabled),
      callFor(ok, { rpps: 'nobody-here' }),
      callFor(ok),
    ];
    const outcomes = await Promise.all(calls.map((call) => batcher.insert(call)));
    expect(outcomes.map((o) => o.expiresAt !== null)).toEqual([true, false, false, false, false, true]);
    expect(outcomes[1]?.facilityFound).toBe(false);
    expect(outcomes[2]).toMatchObject({ facilityFound: true, keyActive: false });
    expect(outcomes[3]).toMatchObject({ keyActive: true, importEnabled: false });
    expect(outcomes[4]).toMatchObject({ keyActive: true, userFound: false });
    const stored = await storedSessions(calls.map((call) => call.id));
    expect([...stored.keys()].sort()).toEqual([calls[0]?.id, calls[5]?.id].sort());
  });

  it('when one call breaks the grouped statement, the others still get their sessions', async () => {
    const p = await createTestPartner(t);
    const batcher = createContextSessionBatcher(t.db, { maxInFlight: 1 });
    const good = [callFor(p), callFor(p), callFor(p)];
    const bad = callFor(p, { id: 'not-a-session-id' }); // refused by the table's check constraint
    const settled = await Promise.allSettled([good[0], bad, good[1], good[2]].map((c) => batcher.insert(c!)));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    const stored = await storedSessions(good.map((c) => c.id));
    expect(stored.size).toBe(3);
  });

  it('sees a revocation made after earlier batches at once', async () => {
    const p = await createTestPartner(t);
    const batcher = createContextSessionBatcher(t.db);
    const before = await Promise.all([callFor(p), callFor(p)].map((c) => batcher.insert(c)));
    expect(before.every((o) => o.expiresAt !== null)).toBe(true);
    await revokeKey(t.db, p.keyFile.private_key_id);
    const after = await Promise.all([callFor(p), callFor(p)].map((c) => batcher.insert(c)));
    expect(after.map((o) => [o.keyActive, o.expiresAt])).toEqual([
      [false, null],
      [false, null],
    ]);
  });
});
