/**
 * Patient data and secrets never reach the logs. The real app logs at `trace` into memory while a full
 * flow runs: token, context call with the user's names and a patient id, token exchange, app routes,
 * a page upload, the direct scan API (JSON and multipart, patient id in body and query), partner and
 * FHIR searches by patient id, and failing requests. The log must be non-empty (the test would pass
 * vacuously otherwise) and contain none of the names, the patient id or any token or cookie.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { insertUser } from '../../src/registry/users.js';
import type { Db } from '../../src/store/db.js';
import type { FastifyInstance } from 'fastify';
import { loadTestConfig } from '../helpers/app.js';
import { createTestDb } from '../helpers/db.js';
import { createTestPartner, type TestPartner } from '../helpers/partner.js';
import { makePdf, makePng, multipart } from '../helpers/scan-app.js';

const lines: string[] = [];
const sink = new Writable({
  write(chunk: Buffer, _enc, cb) {
    lines.push(chunk.toString('utf8'));
    cb();
  },
});

let db: Db;
let app: FastifyInstance;
let p: TestPartner;
const tag = randomBytes(4).toString('hex');
const FIRST = `Zephyrine${tag}`;
const LAST = `Quintavalle${tag}`;
const PATIENT = `IPP-${tag}-777`;

beforeAll(async () => {
  db = await createTestDb();
  const config = loadTestConfig({ LOG_LEVEL: 'trace' });
  app = await buildApp({ config, db, partnerKeyCacheMs: 0 }, { logStream: sink });
  p = await createTestPartner({ app, db, config });
  await insertUser(db, {
    facilityId: p.facility.id,
    rpps: `rpps-${tag}`,
    firstName: FIRST,
    lastName: LAST,
    importEnabled: true,
  });
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe('logs', () => {
  it('carry no names, patient id, token or cookie through a full flow', async () => {
    const secrets: string[] = [FIRST, LAST, PATIENT, p.token, p.token.split('.')[2] ?? p.token];
    const st = await app.inject({
      method: 'POST',
      url: '/api/partners/patient/scan-token',
      headers: p.headers,
      payload: {
        ...p.scanTokenBody,
        first_name: FIRST,
        last_name: LAST,
        rpps: `rpps-${tag}`,
        patientId: PATIENT,
      },
    });
    expect(st.statusCode).toBe(200);
    const { token, url } = st.json<{ token: string; url: string }>();
    secrets.push(token);
    // The one-time URL is fetched by the browser: its query string carries the token.
    await app.inject({ method: 'GET', url: new URL(url).pathname + new URL(url).search });
    const ex = await app.inject({ method: 'POST', url: '/api/app/session', payload: { token } });
    expect(ex.statusCode).toBe(200);
    const cookieValue = ex.cookies.find((c) => c.name === 'ordoscan_session')?.value ?? '';
    expect(cookieValue).not.toBe('');
    secrets.push(cookieValue);
    const headers = { cookie: `ordoscan_session=${cookieValue}`, 'x-requested-with': 'ordoscan' };
    expect((await app.inject({ method: 'GET', url: '/api/app/session', headers })).json()).toMatchObject({
      patientId: PATIENT,
      user: { firstName: FIRST, lastName: LAST },
    });
    const body = multipart([{ name: `${LAST}.png`, type: 'image/png', bytes: await makePng(LAST) }]);
    const up = await app.inject({
      method: 'POST',
      url: '/api/app/pages',
      headers: { ...headers, ...body.headers },
      payload: body.payload,
    });
    expect(up.statusCode).toBe(200);
    // Replayed token (410/401) and a bad cookie: error paths log too.
    expect(
      (await app.inject({ method: 'POST', url: '/api/app/session', payload: { token } })).statusCode,
    ).toBeGreaterThanOrEqual(400);
    await app.inject({
      method: 'GET',
      url: '/api/app/session',
      headers: { cookie: `ordoscan_session=${PATIENT}` },
    });

    const scan = await app.inject({
      method: 'POST',
      url: '/api/scan',
      headers: p.headers,
      payload: { images: [{ image: makePdf().toString('base64'), isPdf: true }], patientId: PATIENT },
    });
    expect(scan.statusCode).toBe(202);
    const bad = await app.inject({
      method: 'POST',
      url: '/api/scan',
      headers: p.headers,
      payload: { images: [{ image: `${FIRST}!!not-base64`, isPdf: true }], patientId: PATIENT },
    });
    expect(bad.statusCode).toBe(400);
    const mp = multipart([{ name: `${FIRST}-${PATIENT}.pdf`, type: 'application/pdf', bytes: makePdf() }]);
    await app.inject({
      method: 'POST',
      url: '/api/scan',
      headers: { ...p.headers, ...mp.headers },
      payload: mp.payload,
    });
    for (const u of [
      `/api/partners/prescriptions?facilitySlug=${p.facility.slug}&patientId=${PATIENT}`,
      `/fhir/r4/${p.facility.slug}/RequestGroup?subject:identifier=${PATIENT}`,
      `/api/posology?query=${FIRST}`,
    ]) {
      await app.inject({ method: 'GET', url: u, headers: p.headers });
    }

    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(20);
    expect(log).toContain('/api/partners/patient/scan-token'); // the log does describe the requests
    for (const s of secrets) {
      expect(log, `log contains a secret or patient datum: ${s.slice(0, 12)}…`).not.toContain(s);
    }
  });
});
