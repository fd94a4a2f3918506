import { BinaryBitmap, HybridBinarizer, QRCodeReader, RGBLuminanceSource } from '@zxing/library';
import jsQRModule from 'jsqr';
import QRCode from 'qrcode';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { createTestPartner, type TestPartner } from '../../../../test/helpers/partner.js';
import { makePng, multipart, openAppSession } from '../../../../test/helpers/scan-app.js';

// jsqr is CommonJS with `exports.default`: under Node's ESM interop the function is `.default`.
const jsQR = jsQRModule.default;

let t: TestApp;
let partner: TestPartner;

beforeAll(async () => {
  t = await buildTestApp();
  partner = await createTestPartner(t);
});
afterAll(async () => t.close());

/** @returns the image drawn at 300 dpi on white: RGBA pixels, or one gray byte a pixel */
async function raster(
  image: Buffer,
  gray: boolean,
): Promise<{ data: Buffer; width: number; height: number }> {
  const drawn = sharp(image, { density: 300 }).flatten({ background: '#fff' });
  const { data, info } = await (gray ? drawn.greyscale() : drawn.ensureAlpha())
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/**
 * Decodes a QR code image with independent decoders: jsQR, then ZXing when jsQR finds nothing
 * (jsQR misses about one code in 15,000 that other decoders read, which made this test flaky).
 */
async function decodeQr(image: Buffer): Promise<string> {
  const { data, width, height } = await raster(image, false);
  const code = jsQR(new Uint8ClampedArray(data), width, height);
  if (code !== null) return code.data;
  return decodeWithZxing(image);
}

/** @returns the text of a QR code image read by ZXing (one luminance byte a pixel) */
async function decodeWithZxing(image: Buffer): Promise<string> {
  const { data, width, height } = await raster(image, true);
  const source = new RGBLuminanceSource(new Uint8ClampedArray(data), width, height);
  return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source))).getText();
}

const codeOf = (link: string): string => new URL(link).searchParams.get('code') ?? '';

async function exchange(code: string): Promise<{ status: number; cookie: string }> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/app/mobile/session',
    headers: { 'x-requested-with': 'ordoscan' },
    payload: { code },
  });
  const c = res.cookies.find((x) => x.name === 'ordoscan_mobile');
  return { status: res.statusCode, cookie: c === undefined ? '' : `ordoscan_mobile=${c.value}` };
}

async function sendFromPhone(cookie: string): Promise<number> {
  const body = multipart([{ name: 'IMG_0001.jpg', type: 'image/png', bytes: await makePng('photo') }]);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/app/mobile/pages',
    headers: { cookie, 'x-requested-with': 'ordoscan', ...body.headers },
    payload: body.payload,
  });
  return res.statusCode;
}

describe('phone pairing', () => {
  it('(test harness) both QR decoders read a known code', async () => {
    const text = 'http://localhost:3000/scan/mobile?code=known-code-0123456789';
    const svg = Buffer.from(
      await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }),
    );
    expect(await decodeQr(svg)).toBe(text);
    expect(await decodeWithZxing(svg)).toBe(text);
  });

  it('pairs a phone with a QR code whose single-use link drops photos into the desktop session', async () => {
    const s = await openAppSession(t.app, partner);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/app/pairing',
      headers: s.headers,
      payload: {},
    });
    expect(res.statusCode).toBe(200);
    const p = res.json<{ url: string; qrSvg: string; expiresAt: string }>();
    expect(p.url.startsWith(`${t.config.scanAppUrl}/mobile?code=`)).toBe(true);
    expect(await decodeQr(Buffer.from(p.qrSvg))).toBe(p.url);
    const ttl = new Date(p.expiresAt).getTime() - Date.now();
    expect(ttl).toBeGreaterThan(60_000);
    expect(ttl).toBeLessThanOrEqual(15 * 60_000);

    const phone = await exchange(codeOf(p.url));
    expect(phone.status).toBe(200);
    expect((await exchange(codeOf(p.url))).status).toBe(410);
    expect(await sendFromPhone(phone.cookie)).toBe(200);

    const pages = await t.app.inject({ method: 'GET', url: '/api/app/pages', headers: { cookie: s.cookie } });
    expect(pages.json<{ pages: { source: string }[] }>().pages.map((x) => x.source)).toEqual(['phone']);
  });

  it.each([
    ['a made-up code', `${'a'.repeat(32)}.${'b'.repeat(32)}`, 401],
    ['a malformed code', 'not-a-code', 401],
  ])('refuses %s', async (_l, code, status) => {
    expect((await exchange(code)).status).toBe(status);
  });

  it('refuses phone uploads without the capture cookie, and once the desktop session is cancelled', async () => {
    expect(await sendFromPhone('')).toBe(401);
    const s = await openAppSession(t.app, partner);
    const p = (
      await t.app.inject({ method: 'POST', url: '/api/app/pairing', headers: s.headers, payload: {} })
    ).json<{
      url: string;
    }>();
    const phone = await exchange(codeOf(p.url));
    await t.app.inject({ method: 'POST', url: '/api/app/cancel', headers: s.headers, payload: {} });
    expect(await sendFromPhone(phone.cookie)).toBe(410);
  });

  it('refuses an expired pairing link with 410', async () => {
    const s = await openAppSession(t.app, partner);
    const p = (
      await t.app.inject({ method: 'POST', url: '/api/app/pairing', headers: s.headers, payload: {} })
    ).json<{
      id: string;
      url: string;
    }>();
    await t.db.query("update app_pairings set expires_at = now() - interval '1 second' where id = $1", [
      p.id,
    ]);
    expect((await exchange(codeOf(p.url))).status).toBe(410);
  });
});

describe('GET /api/partners/patient/qrcode', () => {
  it('returns a PNG QR code of an opaque link; photos sent through it reach the next session of that patient', async () => {
    const patientId = `PAT-${Date.now()}`;
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/partners/patient/qrcode?slug=${partner.facility.slug}&patient=${patientId}`,
      headers: partner.headers,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    const link = await decodeQr(res.rawPayload);
    expect(link).not.toContain(patientId);
    expect(link).not.toContain(partner.facility.slug);
    expect(link).toMatch(/\/mobile\?code=[0-9a-f]{32}\.[\w-]+$/);

    const phone = await exchange(codeOf(link));
    expect(phone.status).toBe(200);
    expect(await sendFromPhone(phone.cookie)).toBe(200);

    const other = await openAppSession(t.app, partner);
    const otherPages = await t.app.inject({
      method: 'GET',
      url: '/api/app/pages',
      headers: { cookie: other.cookie },
    });
    expect(otherPages.json<{ pages: unknown[] }>().pages).toHaveLength(0);

    const s = await openAppSession(t.app, partner, {}, patientId);
    const pages = await t.app.inject({ method: 'GET', url: '/api/app/pages', headers: { cookie: s.cookie } });
    expect(pages.json<{ pages: { source: string }[] }>().pages.map((x) => x.source)).toEqual(['phone']);
  });

  it('requires a bearer token (401) and a facility of the caller (403)', async () => {
    const anon = await t.app.inject({ method: 'GET', url: '/api/partners/patient/qrcode?slug=x&patient=1' });
    expect(anon.statusCode).toBe(401);
    const stranger = await createTestPartner(t);
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/partners/patient/qrcode?slug=${partner.facility.slug}&patient=1`,
      headers: stranger.headers,
    });
    expect(res.statusCode).toBe(403);
    const bad = await t.app.inject({
      method: 'GET',
      url: '/api/partners/patient/qrcode?slug=x',
      headers: partner.headers,
    });
    expect(bad.statusCode).toBe(400);
  });
});
