import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { createTestPartner, type TestPartner } from '../../../../test/helpers/partner.js';
import { makePdf, makePng, multipart, openAppSession } from '../../../../test/helpers/scan-app.js';
import { saveReadingProgress } from '../../../store/prescriptions.js';

let t: TestApp;
let partner: TestPartner;

beforeAll(async () => {
  t = await buildTestApp();
  partner = await createTestPartner(t);
});
afterAll(async () => t.close());

describe('app API: staged pages', () => {
  it('refuses calls without a session cookie (401) and state changes without the CSRF header (403)', async () => {
    const none = await t.app.inject({ method: 'GET', url: '/api/app/pages' });
    expect(none.statusCode).toBe(401);
    const s = await openAppSession(t.app, partner);
    const body = multipart([{ name: 'a.png', type: 'image/png', bytes: await makePng() }]);
    const noCsrf = await t.app.inject({
      method: 'POST',
      url: '/api/app/pages',
      headers: { cookie: s.cookie, ...body.headers },
      payload: body.payload,
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json<{ message: string }>().message).toMatch(/x-requested-with/i);
  });

  it('uploads an image and a PDF, lists, serves and removes them, with strict headers', async () => {
    const s = await openAppSession(t.app, partner);
    const png = await makePng();
    const body = multipart([
      { name: 'page1.png', type: 'image/png', bytes: png },
      { name: 'page2.pdf', type: 'application/pdf', bytes: makePdf() },
    ]);
    const up = await t.app.inject({
      method: 'POST',
      url: '/api/app/pages',
      headers: { ...s.headers, ...body.headers },
      payload: body.payload,
    });
    expect(up.statusCode).toBe(200);
    expect(up.headers['content-security-policy']).toContain("default-src 'none'");
    expect(up.headers['cache-control']).toBe('no-store');
    const pages = up.json<{
      pages: { id: string; isPdf: boolean; mediaType: string; source: string; url: string }[];
    }>().pages;
    expect(pages.map((p) => [p.mediaType, p.isPdf, p.source])).toEqual([
      ['image/png', false, 'upload'],
      ['application/pdf', true, 'upload'],
    ]);
    const file = await t.app.inject({ method: 'GET', url: pages[0]!.url, headers: { cookie: s.cookie } });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(file.rawPayload, png)).toBe(0);

    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/app/pages/${pages[0]!.id}`,
      headers: s.headers,
    });
    expect(del.json<{ pages: unknown[] }>().pages).toHaveLength(1);
    const again = await t.app.inject({
      method: 'DELETE',
      url: `/api/app/pages/${pages[0]!.id}`,
      headers: s.headers,
    });
    expect(again.statusCode).toBe(404);
  });

  it("does not serve another session's page", async () => {
    const a = await openAppSession(t.app, partner);
    const b = await openAppSession(t.app, partner);
    const body = multipart([{ name: 'a.png', type: 'image/png', bytes: await makePng() }]);
    const up = await t.app.inject({
      method: 'POST',
      url: '/api/app/pages',
      headers: { ...a.headers, ...body.headers },
      payload: body.payload,
    });
    const id = up.json<{ pages: { id: string }[] }>().pages[0]!.id;
    const other = await t.app.inject({
      method: 'GET',
      url: `/api/app/pages/${id}/file`,
      headers: { cookie: b.cookie },
    });
    expect(other.statusCode).toBe(404);
    const del = await t.app.inject({ method: 'DELETE', url: `/api/app/pages/${id}`, headers: b.headers });
    expect(del.statusCode).toBe(404);
  });

  it.each([
    ['a text file', 'notes.txt', 'text/plain', Buffer.from('hello, not an image')],
    [
      'a PNG extension on HTML',
      'fake.png',
      'image/png',
      Buffer.from('<html><script>alert(1)</script></html>'),
    ],
  ])('refuses %s with 415 naming it', async (_label, name, type, bytes) => {
    const s = await openAppSession(t.app, partner);
    const body = multipart([{ name, type, bytes }]);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/app/pages',
      headers: { ...s.headers, ...body.headers },
      payload: body.payload,
    });
    expect(res.statusCode).toBe(415);
    expect(res.json<{ message: string }>().message).toContain(name);
    const list = await t.app.inject({ method: 'GET', url: '/api/app/pages', headers: { cookie: s.cookie } });
    expect(list.json<{ pages: unknown[] }>().pages).toHaveLength(0);
  });

  it('refuses an empty upload and a non-multipart body with 400', async () => {
    const s = await openAppSession(t.app, partner);
    const empty = multipart([]);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/app/pages',
      headers: { ...s.headers, ...empty.headers },
      payload: empty.payload,
    });
    expect(res.statusCode).toBe(400);
    const json = await t.app.inject({
      method: 'POST',
      url: '/api/app/pages',
      headers: s.headers,
      payload: { a: 1 },
    });
    expect(json.statusCode).toBe(400);
  });

  it('starts reading the staged pages (202) and reports progress; refuses with no page (409)', async () => {
    const s = await openAppSession(t.app, partner);
    const nothing = await t.app.inject({
      method: 'POST',
      url: '/api/app/read',
      headers: s.headers,
      payload: {},
    });
    expect(nothing.statusCode).toBe(409);
    const body = multipart([{ name: 'a.png', type: 'image/png', bytes: await makePng() }]);
    await t.app.inject({
      method: 'POST',
      url: '/api/app/pages',
      headers: { ...s.headers, ...body.headers },
      payload: body.payload,
    });
    const read = await t.app.inject({
      method: 'POST',
      url: '/api/app/read',
      headers: s.headers,
      payload: {},
    });
    expect(read.statusCode).toBe(202);
    const id = read.json<{ prescriptionId: string }>().prescriptionId;
    const twice = await t.app.inject({
      method: 'POST',
      url: '/api/app/read',
      headers: s.headers,
      payload: {},
    });
    expect(twice.json<{ prescriptionId: string }>().prescriptionId).toBe(id);
    const view = await t.app.inject({
      method: 'GET',
      url: '/api/app/prescription',
      headers: { cookie: s.cookie },
    });
    expect(view.json()).toMatchObject({
      status: 'reading',
      prescriptionId: id,
      progress: { job: 'queued', pages: [{ page: 1, state: 'waiting' }] },
    });
    // A worker runs the job and reports the page's stages (the scan task writes them as it goes).
    await t.db.query(
      `update jobs set status = 'running' where task = 'scan-prescription' and payload->>'prescriptionId' = $1`,
      [id],
    );
    const pagesNow = async (): Promise<unknown> =>
      (
        await t.app.inject({ method: 'GET', url: '/api/app/prescription', headers: { cookie: s.cookie } })
      ).json<{ progress: { pages: unknown } }>().progress.pages;
    await saveReadingProgress(t.db, id, { '1': 'ocr' });
    expect(await pagesNow()).toEqual([{ page: 1, state: 'reading', stage: 'ocr' }]);
    await saveReadingProgress(t.db, id, { '1': 'done', '2': 'preparing' }); // a PDF's second page
    expect(await pagesNow()).toEqual([
      { page: 1, state: 'done', stage: null },
      { page: 2, state: 'reading', stage: 'preparing' },
    ]);
    const session = await t.app.inject({
      method: 'GET',
      url: '/api/app/session',
      headers: { cookie: s.cookie },
    });
    expect(session.json<{ state: string }>().state).toBe('reading');
  });
});
