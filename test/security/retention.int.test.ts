/**
 * Retention purge: a facility's files, documents, prescriptions, finished sessions and inbox photos
 * older than its `retentionDays` are deleted; recent data, open sessions, and facilities without a
 * retention period are kept. Data is created through the real API, then back-dated in SQL.
 * Also the `ordoscan purge` command on its own embedded database.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.js';
import { SAMPLE_PRESCRIPTION, textPdf } from '../../src/jobs/fixtures/prescription-files.js';
import { purgeExpired, startRetentionPurge } from '../../src/store/retention.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createTestPartner, type TestPartner } from '../helpers/partner.js';
import { openAppSession } from '../helpers/scan-app.js';

const PDF64 = textPdf([SAMPLE_PRESCRIPTION]).toString('base64');
let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t?.close();
});

/** A pre-imported session (session files) and a direct scan (document + prescription) for a partner. */
async function makeData(p: TestPartner): Promise<{ sessionToken: string; scanId: string }> {
  const s = await openAppSession(t.app, p, { images: [{ image: PDF64, isPdf: true }] });
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/scan',
    headers: p.headers,
    payload: {
      images: [{ image: PDF64, isPdf: true }],
      facilitySlug: p.facility.slug,
      patientId: s.patientId,
    },
  });
  expect(res.statusCode).toBe(202);
  return { sessionToken: s.token, scanId: res.json<{ id: string }>().id };
}

async function backdate(facilityId: string, days: number): Promise<void> {
  const at = `now() - interval '${days} days'`;
  await t.db.query(`update prescriptions set created_at = ${at} where facility_id = $1`, [facilityId]);
  await t.db.query(`update documents set created_at = ${at} where facility_id = $1`, [facilityId]);
  await t.db.query(`update scan_sessions set created_at = ${at}, expires_at = ${at} where facility_id = $1`, [
    facilityId,
  ]);
}

async function counts(
  facilityId: string,
): Promise<{ prescriptions: number; documents: number; sessions: number; sessionFiles: number }> {
  const one = async (sql: string): Promise<number> =>
    (await t.db.query<{ n: number }>(`select count(*)::int as n from ${sql}`, [facilityId])).rows[0]?.n ?? 0;
  return {
    prescriptions: await one('prescriptions where facility_id = $1'),
    documents: await one('documents where facility_id = $1'),
    sessions: await one('scan_sessions where facility_id = $1'),
    sessionFiles: await one(
      'session_files f join scan_sessions s on s.id = f.session_id where s.facility_id = $1',
    ),
  };
}

describe('retention purge', () => {
  it('deletes old data of facilities with retentionDays only, keeps recent data and open sessions', async () => {
    const short = await createTestPartner(t, { settings: { retentionDays: 30 } });
    const none = await createTestPartner(t);
    await makeData(short);
    await makeData(none);
    await backdate(short.facility.id, 40);
    await backdate(none.facility.id, 400);
    // Recent data of the purged facility, and an old session still open (expires in the future).
    await makeData(short);
    const open = await openAppSession(t.app, short);
    await t.db.query(
      `update scan_sessions set created_at = now() - interval '40 days' where patient_id = $1`,
      [open.patientId],
    );
    const before = await counts(short.facility.id);
    expect(before).toEqual({ prescriptions: 2, documents: 2, sessions: 3, sessionFiles: 2 });
    const noneBefore = await counts(none.facility.id);

    const { purged, errors } = await purgeExpired(t.db);
    expect(errors).toEqual([]);
    const report = purged.find((p) => p.facilityId === short.facility.id);
    expect(report).toMatchObject({
      retentionDays: 30,
      prescriptions: 1,
      documents: 1,
      sessions: 1,
      sessionFiles: 1,
    });
    expect(purged.some((p) => p.facilityId === none.facility.id)).toBe(false);
    expect(await counts(short.facility.id)).toEqual({
      prescriptions: 1,
      documents: 1,
      sessions: 2,
      sessionFiles: 1,
    });
    expect(await counts(none.facility.id)).toEqual(noneBefore);
    // The open session still works; a second purge finds nothing more.
    expect(
      (await t.app.inject({ url: '/api/app/session', headers: { cookie: open.cookie } })).statusCode,
    ).toBe(200);
    const again = await purgeExpired(t.db);
    expect(again.purged.find((p) => p.facilityId === short.facility.id)).toMatchObject({
      prescriptions: 0,
      sessions: 0,
    });
  });

  it('a purged direct scan is gone for its partner (404), with its finished job', async () => {
    const p = await createTestPartner(t, { settings: { retentionDays: 7 } });
    const { scanId } = await makeData(p);
    await t.db.query(
      `insert into jobs (task, payload, status, finished_at) values ('scan-prescription', $1, 'done', now())`,
      [JSON.stringify({ prescriptionId: scanId })],
    );
    await backdate(p.facility.id, 8);
    const { purged } = await purgeExpired(t.db);
    expect(purged.find((r) => r.facilityId === p.facility.id)?.jobs).toBeGreaterThanOrEqual(1);
    expect((await t.app.inject({ url: `/api/scan/${scanId}`, headers: p.headers })).statusCode).toBe(404);
  });

  it('skips and reports a facility with an invalid retentionDays', async () => {
    const p = await createTestPartner(t, { settings: { retentionDays: 'forever' as unknown as number } });
    await makeData(p);
    await backdate(p.facility.id, 4000);
    const { errors } = await purgeExpired(t.db);
    expect(errors).toContainEqual({
      slug: p.facility.slug,
      message: expect.stringMatching(/integer from 1/) as string,
    });
    expect((await counts(p.facility.id)).prescriptions).toBe(1);
  });

  it('runs periodically', async () => {
    const p = await createTestPartner(t, { settings: { retentionDays: 1 } });
    await makeData(p);
    await backdate(p.facility.id, 2);
    const logged: string[] = [];
    const job = startRetentionPurge(t.db, 50, {
      info: (_o, msg) => logged.push(msg),
      error: (_o, msg) => logged.push(msg),
    });
    for (let i = 0; i < 100 && (await counts(p.facility.id)).prescriptions > 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await job.stop();
    expect((await counts(p.facility.id)).prescriptions).toBe(0);
    expect(logged).toContain('retention purge');
  });
});

describe('ordoscan purge', () => {
  it('sets a retention period and purges', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ordoscan-purge-'));
    const out: string[] = [];
    const io = {
      out: (l: string) => out.push(l),
      err: (l: string) => out.push(l),
      env: { DATA_DIR: dir, DEMO: 'false' },
    };
    try {
      expect(await runCli(['facilities', 'create', '--slug', 'chu-p', '--name', 'CHU P'], io)).toBe(0);
      expect(await runCli(['purge', '--facility', 'chu-p', '--retention-days', '0'], io)).toBe(2);
      expect(out.at(-1)).toMatch(/retentionDays must be an integer from 1 to 3650/);
      expect(await runCli(['purge'], io)).toBe(0);
      expect(out.at(-1)).toMatch(/nothing purged/);
      expect(await runCli(['purge', '--facility', 'chu-p', '--retention-days', '90'], io)).toBe(0);
      expect(out.at(-1)).toBe('Facility "chu-p": data older than 90 days is purged.');
      expect(await runCli(['purge'], io)).toBe(0);
      expect(out.at(-1)).toMatch(/chu-p\s+90\s/);
      expect(await runCli(['purge', '--facility', 'chu-p', '--retention-days', 'off'], io)).toBe(0);
      expect(await runCli(['purge'], io)).toBe(0);
      expect(out.at(-1)).toMatch(/nothing purged/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
