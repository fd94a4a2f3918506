import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/helpers/app.js';
import { createTestPartner, type TestPartner } from '../../test/helpers/partner.js';
import { revokeKey } from '../registry/service-accounts.js';
import { LISTEN_APPLICATION_NAME } from '../store/db.js';
import { onPostgres } from '../../test/helpers/db.js';
import { PARTNER_ACCESS_CHANNEL } from './app.js';

// A key state cache far longer than any test: a refusal can only come from the revocation notice.
let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp({ deps: { partnerKeyCacheMs: 3_600_000 } });
});
afterAll(async () => t.close());

const pull = (p: TestPartner) =>
  t.app.inject({
    method: 'GET',
    url: `/api/partners/prescriptions?facilitySlug=${p.facility.slug}&patientId=nobody`,
    headers: p.headers,
  });

describe('partner access changes reach the cached key state through NOTIFY', () => {
  it('refuses a revoked key on a generic partner route despite a warm cache; other keys unaffected', async () => {
    const p = await createTestPartner(t);
    const q = await createTestPartner(t);
    expect((await pull(p)).statusCode).toBe(200); // key state now cached
    expect((await pull(q)).statusCode).toBe(200);
    await revokeKey(t.db, p.keyFile.private_key_id);
    // PGlite delivers the notice with the revoking statement; PostgreSQL on the listening connection.
    await vi.waitFor(async () => expect((await pull(p)).statusCode).toBe(401), {
      timeout: 10_000,
      interval: 20,
    });
    expect((await pull(q)).statusCode).toBe(200);
  });

  it('notifies key changes and removed grants on the channel', async () => {
    const p = await createTestPartner(t);
    const seen: string[] = [];
    const stop = await t.db.listen(PARTNER_ACCESS_CHANNEL, (payload) => seen.push(payload));
    try {
      await revokeKey(t.db, p.keyFile.private_key_id);
      await t.db.query('delete from partner_facilities where partner_id = $1', [p.partner.id]);
      await vi.waitFor(() => expect(seen).toEqual([p.keyFile.private_key_id, '*']), {
        timeout: 10_000,
        interval: 20,
      });
    } finally {
      await stop();
    }
  });
});

describe.skipIf(!onPostgres())('the LISTEN connection lost and back (PostgreSQL)', () => {
  it('drops every cached key state once listening again, so a revocation missed meanwhile applies', async () => {
    const p = await createTestPartner(t);
    expect((await pull(p)).statusCode).toBe(200); // cached for an hour
    // Cut this database's listening connections; revoke while none listens (the notice is lost).
    await t.db.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1 and datname = current_database()',
      [LISTEN_APPLICATION_NAME],
    );
    await revokeKey(t.db, p.keyFile.private_key_id);
    // The listener comes back within a second or two and drops the cache: the revocation is seen.
    await vi.waitFor(async () => expect((await pull(p)).statusCode).toBe(401), {
      timeout: 15_000,
      interval: 100,
    });
  });
});
