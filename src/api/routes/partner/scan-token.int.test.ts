import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { createTestPartner, idTokenFor, type TestPartner } from '../../../../test/helpers/partner.js';
import { hashSecret } from '../../../auth/scan-token.js';
import { insertFacility } from '../../../registry/facilities.js';
import { grantFacility } from '../../../registry/partners.js';
import { listSessionFiles } from '../../../registry/session-files.js';
import { revokeKey } from '../../../registry/service-accounts.js';
import { findUser, setUserImportEnabled } from '../../../registry/users.js';

const URL_ = '/api/partners/patient/scan-token';
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const PDF = Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n', 'latin1');

let t: TestApp;
let p: TestPartner;

beforeAll(async () => {
  t = await buildTestApp({ deps: { partnerKeyCacheMs: 0 } });
  p = await createTestPartner(t);
});
afterAll(async () => t.close());

describe('POST /api/partners/patient/scan-token', () => {
  it('returns a one-time token and URL exactly in the seed format, storing only a hash', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: URL_,
      headers: p.headers,
      payload: p.scanTokenBody,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ token: string; url: string }>();
    expect(Object.keys(body).sort()).toEqual(['token', 'url']);
    expect(body.token).toMatch(/^[0-9a-f]{32}%7C[0-9a-f]{80}$/);
    expect(body.url).toBe(`${t.config.scanAppUrl}?token=${body.token}`);
    const [id, secret] = body.token.split('%7C') as [string, string];
    const row = await t.db.query<{ secret_hash: Uint8Array; state: string; patient_id: string; ttl: number }>(
      `select secret_hash, state, patient_id, extract(epoch from expires_at - created_at)::int as ttl
         from scan_sessions where id = $1`,
      [id],
    );
    expect(row.rows[0]?.state).toBe('created');
    expect(row.rows[0]?.patient_id).toBe(p.scanTokenBody.patientId);
    expect(row.rows[0]?.ttl).toBe(3600);
    expect(Buffer.from(row.rows[0]?.secret_hash ?? []).equals(hashSecret(secret))).toBe(true);
    const dump = JSON.stringify(await t.db.query('select * from scan_sessions where id = $1', [id]));
    expect(dump).not.toContain(secret);
  });

  it('accepts a facility alias and trims the strings', async () => {
    const q = await createTestPartner(t, { aliases: [`alias-${randomBytes(3).toString('hex')}`] });
    const body = { ...q.scanTokenBody, facilitySlug: `  ${q.facility.aliases[0] ?? ''} `, patientId: ' 42 ' };
    const res = await t.app.inject({ method: 'POST', url: URL_, headers: q.headers, payload: body });
    expect(res.statusCode).toBe(200);
    const id = res.json<{ token: string }>().token.slice(0, 32);
    const row = await t.db.query<{ patient_id: string; facility_id: string }>(
      'select patient_id, facility_id from scan_sessions where id = $1',
      [id],
    );
    expect(row.rows[0]).toEqual({ patient_id: '42', facility_id: q.facility.id });
  });

  it('names every missing or bad field in the 400', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: URL_,
      headers: p.headers,
      payload: { first_name: '   ', rpps: 'x'.repeat(65), facilitySlug: p.facility.slug },
    });
    expect(res.statusCode).toBe(400);
    const fields = res
      .json<{ details: { field: string }[] }>()
      .details.map((d) => d.field)
      .sort();
    expect(fields).toEqual(['/first_name', '/last_name', '/patientId', '/rpps']);
  });

  it.each([
    ['no header', undefined],
    ['not a bearer', 'Basic abc'],
    ['garbage token', 'Bearer abc.def.ghi'],
  ])('answers 401 with WWW-Authenticate for %s', async (_name, authorization) => {
    const res = await t.app.inject({
      method: 'POST',
      url: URL_,
      headers: authorization === undefined ? {} : { authorization },
      payload: p.scanTokenBody,
    });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer /);
  });

  it('answers 403 for a facility of another partner, and for an unknown one (tenant isolation)', async () => {
    const other = await createTestPartner(t);
    for (const facilitySlug of [other.facility.slug, 'no-such-facility']) {
      const res = await t.app.inject({
        method: 'POST',
        url: URL_,
        headers: p.headers,
        payload: { ...p.scanTokenBody, facilitySlug },
      });
      expect(res.statusCode).toBe(403);
    }
    const count = await t.db.query<{ n: number }>(
      'select count(*)::int as n from scan_sessions where facility_id = $1',
      [other.facility.id],
    );
    expect(count.rows[0]?.n).toBe(0);
  });

  it('answers 403 for a user not enabled for import', async () => {
    const q = await createTestPartner(t, { importEnabled: false });
    const res = await t.app.inject({
      method: 'POST',
      url: URL_,
      headers: q.headers,
      payload: q.scanTokenBody,
    });
    expect(res.statusCode).toBe(403);
    await setUserImportEnabled(t.db, q.facility.id, q.user.rpps, true);
    const ok = await t.app.inject({
      method: 'POST',
      url: URL_,
      headers: q.headers,
      payload: q.scanTokenBody,
    });
    expect(ok.statusCode).toBe(200);
  });

  it('creates an unknown user with provisioning auto, refuses it with registered', async () => {
    const auto = await createTestPartner(t, { settings: { provisioning: 'auto' } });
    const res = await t.app.inject({
      method: 'POST',
      url: URL_,
      headers: auto.headers,
      payload: { ...auto.scanTokenBody, rpps: 'newcomer', first_name: 'Ada', last_name: 'Byron' },
    });
    expect(res.statusCode).toBe(200);
    expect(await findUser(t.db, auto.facility.id, 'newcomer')).toMatchObject({
      firstName: 'Ada',
      lastName: 'Byron',
      importEnabled: true,
    });
    const reg = await createTestPartner(t, { settings: { provisioning: 'registered' } });
    const refused = await t.app.inject({
      method: 'POST',
      url: URL_,
      headers: reg.headers,
      payload: { ...reg.scanTokenBody, rpps: 'newcomer' },
    });
    expect(refused.statusCode).toBe(403);
    expect(await findUser(t.db, reg.facility.id, 'newcomer')).toBeNull();
  });

  it('uses the facility session TTL', async () => {
    const q = await createTestPartner(t, { settings: { sessionTtlMinutes: 5 } });
    const res = await t.app.inject({
      method: 'POST',
      url: URL_,
      headers: q.headers,
      payload: q.scanTokenBody,
    });
    const id = res.json<{ token: string }>().token.slice(0, 32);
    const row = await t.db.query<{ ttl: number }>(
      'select extract(epoch from expires_at - created_at)::int as ttl from scan_sessions where id = $1',
      [id],
    );
    expect(row.rows[0]?.ttl).toBe(300);
  });

  it('stores pre-imported images and PDFs in order', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: URL_,
      headers: p.headers,
      payload: {
        ...p.scanTokenBody,
        images: [
          { image: PNG.toString('base64'), isPdf: false },
          { image: PDF.toString('base64'), isPdf: true },
        ],
      },
    });
    expect(res.statusCode).toBe(200);
    const id = res.json<{ token: string }>().token.slice(0, 32);
    const files = await listSessionFiles(t.db, id);
    expect(files.map((f) => [f.position, f.isPdf, f.mediaType, f.byteSize])).toEqual([
      [0, false, 'image/png', PNG.length],
      [1, true, 'application/pdf', PDF.length],
    ]);
    const s = await t.db.query<{ pathway: string }>('select pathway from scan_sessions where id = $1', [id]);
    expect(s.rows[0]?.pathway).toBe('preimported');
  });

  it.each([
    ['invalid base64', { image: 'not base64!!', isPdf: false }, '/images/0/image'],
    ['a PDF flagged as image', { image: PDF.toString('base64'), isPdf: false }, '/images/0/isPdf'],
    [
      'an unknown file type',
      { image: Buffer.from('hello world!').toString('base64'), isPdf: false },
      '/images/0/image',
    ],
  ])('answers 400 for %s', async (_name, image, field) => {
    const res = await t.app.inject({
      method: 'POST',
      url: URL_,
      headers: p.headers,
      payload: { ...p.scanTokenBody, images: [image] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ details: { field: string }[] }>().details.map((d) => d.field)).toEqual([field]);
  });

  it('answers 413 for an image over the size limit', async () => {
    const big = Buffer.alloc(16 * 1024 * 1024, 0);
    PNG.copy(big);
    const res = await t.app.inject({
      method: 'POST',
      url: URL_,
      headers: p.headers,
      payload: { ...p.scanTokenBody, images: [{ image: big.toString('base64'), isPdf: false }] },
    });
    expect(res.statusCode).toBe(413);
  });

  it('answers 401 once the key is revoked, and a rotated key works', async () => {
    const q = await createTestPartner(t);
    await revokeKey(t.db, q.keyFile.private_key_id);
    const res = await t.app.inject({
      method: 'POST',
      url: URL_,
      headers: q.headers,
      payload: q.scanTokenBody,
    });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toContain('invalid_token');
    await expect(idTokenFor(t.app, q.keyFile)).rejects.toThrow(/400/);
  });

  it('lets a partner use a facility once granted', async () => {
    const f = await insertFacility(t.db, {
      slug: `granted-${randomBytes(3).toString('hex')}`,
      name: 'Granted',
    });
    const body = { ...p.scanTokenBody, facilitySlug: f.slug };
    expect(
      (await t.app.inject({ method: 'POST', url: URL_, headers: p.headers, payload: body })).statusCode,
    ).toBe(403);
    await grantFacility(t.db, p.partner.id, f.id);
    expect(
      (await t.app.inject({ method: 'POST', url: URL_, headers: p.headers, payload: body })).statusCode,
    ).toBe(200);
  });
});
