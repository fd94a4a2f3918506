import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createValidatedPrescription } from '../../../../test/fixtures/delivery/validated.js';
import { buildTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { createTestPartner, type TestPartner } from '../../../../test/helpers/partner.js';

describe('partner pull API', () => {
  let t: TestApp;
  let a: TestPartner;
  let b: TestPartner;
  const ids: string[] = [];

  beforeAll(async () => {
    t = await buildTestApp();
    a = await createTestPartner(t, { settings: { delivery: { pn13: true, pn13MedicalUnit: 'UF-7' } } });
    b = await createTestPartner(t);
    for (const [patientId, status] of [
      ['pat-1', 'validated'],
      ['pat-2', 'validated'],
      ['pat-1', 'validated'],
      ['pat-1', 'ready'],
      ['pat-1', 'cancelled'],
    ] as const) {
      const p = await createValidatedPrescription(t.db, {
        facilityId: a.facility.id,
        partnerId: a.partner.id,
        patientId,
        status,
        authoredOn: '2024-02-28',
      });
      ids.push(p.id);
      await new Promise((r) => setTimeout(r, 5)); // distinct validation times
    }
    await createValidatedPrescription(t.db, {
      facilityId: b.facility.id,
      partnerId: b.partner.id,
      patientId: 'pat-1',
    });
  });
  afterAll(async () => t.close());

  const get = (p: TestPartner, url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers: { ...p.headers, ...headers } });

  it('lists only validated prescriptions of the caller, newest first, filtered by patient', async () => {
    const res = await get(a, `/api/partners/prescriptions?facilitySlug=${a.facility.slug}&patientId=pat-1`);
    expect(res.statusCode).toBe(200);
    const body = res.json<{ items: { id: string; facilitySlug: string; requestGroup: { id: string } }[] }>();
    expect(body.items.map((i) => i.id)).toEqual([ids[2], ids[0]]);
    expect(body.items[0]).toMatchObject({
      facilitySlug: a.facility.slug,
      patientId: 'pat-1',
      authoredOn: '2024-02-28',
    });
    expect(body.items[0]?.requestGroup).toMatchObject({ resourceType: 'RequestGroup', id: ids[2] });
  });

  it('pages with a cursor and filters by validation date', async () => {
    const p1 = (await get(a, '/api/partners/prescriptions?count=2')).json<{
      items: { id: string }[];
      nextCursor: string;
    }>();
    expect(p1.items.map((i) => i.id)).toEqual([ids[2], ids[1]]);
    const p2 = (await get(a, `/api/partners/prescriptions?count=2&cursor=${p1.nextCursor}`)).json<{
      items: { id: string }[];
      nextCursor: string | null;
    }>();
    expect(p2.items.map((i) => i.id)).toEqual([ids[0]]);
    expect(p2.nextCursor).toBeNull();
    const future = await get(
      a,
      `/api/partners/prescriptions?since=${new Date(Date.now() + 60_000).toISOString()}`,
    );
    expect(future.json<{ items: unknown[] }>().items).toEqual([]);
    const past = await get(
      a,
      `/api/partners/prescriptions?until=${new Date(Date.now() - 3_600_000).toISOString()}`,
    );
    expect(past.json<{ items: unknown[] }>().items).toEqual([]);
    expect((await get(a, '/api/partners/prescriptions?cursor=bm9wZQ')).statusCode).toBe(400);
    expect((await get(a, '/api/partners/prescriptions?since=yesterday')).statusCode).toBe(400);
  });

  it('returns the RequestGroup as FHIR JSON, or PN13 XML on request', async () => {
    const json = await get(a, `/api/partners/prescriptions/${ids[0]}`);
    expect(json.statusCode).toBe(200);
    expect(json.headers['content-type']).toMatch(/^application\/fhir\+json/);
    expect(json.json()).toMatchObject({
      resourceType: 'RequestGroup',
      id: ids[0],
      status: 'draft',
      intent: 'order',
    });

    for (const res of [
      await get(a, `/api/partners/prescriptions/${ids[0]}?format=pn13`),
      await get(a, `/api/partners/prescriptions/${ids[0]}`, { accept: 'application/xml' }),
    ]) {
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/xml/);
      expect(XMLValidator.validate(res.body)).toBe(true);
      expect(res.body).toContain('<M_Prescription_médicaments>');
      expect(res.body).toContain('<Ipp>pat-1</Ipp>');
      expect(res.body).toContain('>UF-7</Unité_resp_médicale>');
    }
  });

  it('isolates tenants and hides prescriptions that are not validated', async () => {
    expect((await get(b, `/api/partners/prescriptions/${ids[0]}`)).statusCode).toBe(404);
    expect((await get(b, `/api/partners/prescriptions/${ids[0]}?format=pn13`)).statusCode).toBe(404);
    expect((await get(a, `/api/partners/prescriptions/${ids[3]}`)).statusCode).toBe(404);
    expect((await get(a, `/api/partners/prescriptions/${ids[4]}`)).statusCode).toBe(404);
    expect((await get(a, '/api/partners/prescriptions/not-a-uuid')).statusCode).toBe(404);
    expect((await get(b, `/api/partners/prescriptions?facilitySlug=${a.facility.slug}`)).statusCode).toBe(
      403,
    );
    const bList = (await get(b, '/api/partners/prescriptions')).json<{ items: { id: string }[] }>();
    expect(bList.items).toHaveLength(1);
    expect(ids).not.toContain(bList.items[0]?.id);
  });

  it('requires a bearer token', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/partners/prescriptions' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
  });
});
