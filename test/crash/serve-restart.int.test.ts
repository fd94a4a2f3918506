/**
 * Whole-process restart: `ordoscan serve` (a child process; the embedded database under a temporary
 * DATA_DIR, or a scratch PostgreSQL database with DATABASE_URL) gets prescriptions validated through
 * the partner and app APIs, then is SIGKILLed while it reads another scan and has one more queued. Started
 * again on the same data, it must still serve every validated prescription (pull API), finish the
 * pending reads, each once, and stop cleanly. On the embedded database this is also the in-process
 * equivalent of the killed-worker test: the restarted process takes over the job left leased.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { fetchIdToken } from '../../src/auth/token-client.js';
import { parseKeyFile } from '../../src/auth/key-file.js';
import { loadConfig } from '../../src/config.js';
import { SAMPLE_PRESCRIPTION, textPdf, textPng } from '../../src/jobs/fixtures/prescription-files.js';
import { SCAN_TASK } from '../../src/jobs/tasks/scan-prescription.js';
import { openDb } from '../../src/store/db.js';
import { createCliEnv, type CliEnv } from '../helpers/cli.js';
import { onPostgres } from '../helpers/db.js';
import { freePort, spawnOrdoscan, until, type OrdoscanProcess } from '../helpers/process.js';

interface AppView {
  status: string;
  prescriptionId: string | null;
  progress: { job: string } | null;
  lines: { id: string; review: string }[];
}

describe('ordoscan serve SIGKILLed and started again on the same data', () => {
  let cli: CliEnv;
  let base: string;
  let proc: OrdoscanProcess | null = null;
  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    cli = await createCliEnv('ordoscan_serve_restart', {
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: base,
      DEMO: 'true',
      SCAN_WORKERS: '1',
      JOB_LEASE_MS: '2000',
      LOG_LEVEL: 'warn',
    });
  });
  afterAll(async () => {
    await proc?.kill();
    await cli.cleanup();
  });

  const start = async (): Promise<OrdoscanProcess> => {
    const p = spawnOrdoscan(['serve'], cli.env);
    await p.waitFor(/Ordoscan listening on/);
    return p;
  };

  it('keeps every validated prescription and completes the pending reads', async () => {
    proc = await start();
    const key = parseKeyFile(fs.readFileSync(path.join(cli.dir, 'keys/demo-service-account.json'), 'utf8'));
    const bearer = { authorization: `Bearer ${await fetchIdToken(key)}` };
    const json = { 'content-type': 'application/json' };
    const api = async <T>(method: string, url: string, body?: unknown, headers = {}): Promise<T> => {
      const res = await fetch(`${base}${url}`, {
        method,
        headers: { ...(body === undefined ? {} : json), ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    };

    const contextCall = {
      first_name: 'Claire',
      last_name: 'Dubois',
      rpps: 'abcde1234',
      facilitySlug: 'hospital-demo',
    };
    /** A context call with pre-imported pages, then the clinician's session (cookie). */
    const openSession = async (
      patientId: string,
      page: Buffer,
      isPdf: boolean,
    ): Promise<Record<string, string>> => {
      const { token } = await api<{ token: string }>(
        'POST',
        '/api/partners/patient/scan-token',
        { ...contextCall, patientId, images: [{ image: page.toString('base64'), isPdf }] },
        bearer,
      );
      const res = await fetch(`${base}/api/app/session`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ token }),
      });
      const cookie = res.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .find((c) => c?.startsWith('ordoscan_session='));
      if (!res.ok || cookie === undefined) throw new Error(`session exchange: ${res.status}`);
      return { cookie, 'x-requested-with': 'ordoscan' };
    };
    const view = (s: Record<string, string>): Promise<AppView> =>
      api<AppView>('GET', '/api/app/prescription', undefined, s);
    const readyView = async (s: Record<string, string>): Promise<AppView> => {
      let v = await view(s);
      await until(async () => (v = await view(s)).status !== 'reading', 'the reading');
      expect(v.status).toBe('ready');
      return v;
    };

    // Two prescriptions read (text PDFs) and validated through the app API.
    const validated: string[] = [];
    const pdf = textPdf([SAMPLE_PRESCRIPTION]);
    for (const patientId of ['restart-a', 'restart-b']) {
      const s = await openSession(patientId, pdf, true);
      const v = await readyView(s);
      for (const l of v.lines.filter((x) => x.review === 'required')) {
        await api('POST', `/api/app/lines/${l.id}/acknowledge`, {}, s);
      }
      expect(await api('POST', '/api/app/validate', {}, s)).toMatchObject({ status: 'validated' });
      validated.push(v.prescriptionId ?? '');
    }
    type Pulled = { items: { id: string; requestGroup: { id: string } }[] };
    const pulled = async (): Promise<Pulled['items']> =>
      (await api<Pulled>('GET', '/api/partners/prescriptions?facilitySlug=hospital-demo', undefined, bearer))
        .items;
    const before = await pulled();
    expect(before.map((p) => p.id).sort()).toEqual([...validated].sort());

    // One scan (OCR) being read and one waiting, then SIGKILL.
    const png = await textPng(SAMPLE_PRESCRIPTION);
    const reading = await openSession('restart-c', png, false);
    const queued = await api<{ id: string }>(
      'POST',
      '/api/scan',
      {
        images: [{ image: png.toString('base64'), isPdf: false }],
        facilitySlug: 'hospital-demo',
        patientId: 'restart-d',
      },
      bearer,
    );
    await until(async () => (await view(reading)).progress?.job === 'running', 'the scan to be read');
    // …and context calls writing sessions at that instant: the kill lands in the middle of writes.
    let answered = 0;
    const burst = Array.from({ length: 30 }, (_, i) =>
      api(
        'POST',
        '/api/partners/patient/scan-token',
        { ...contextCall, patientId: `burst-${i}` },
        bearer,
      ).then(
        () => answered++,
        () => undefined,
      ),
    );
    await until(() => answered >= 3, 'the first context calls of the burst');
    await proc.kill('SIGKILL');
    await Promise.all(burst);

    proc = await start();
    if (!onPostgres()) {
      expect(proc.output()).toMatch(/1 job\(s\) left running by the previous run taken over/);
    }
    expect(await pulled()).toEqual(before); // every validated prescription, unchanged
    expect((await readyView(reading)).lines.length).toBeGreaterThan(0);
    const scanStatus = async (): Promise<string> =>
      (await api<{ status: string }>('GET', `/api/scan/${queued.id}`, undefined, bearer)).status;
    await until(async () => (await scanStatus()) !== 'reading', 'the queued scan');
    expect(await scanStatus()).toBe('ready');
    await proc.kill('SIGTERM');
    expect(proc.child.exitCode).toBe(0); // a clean stop closes the database

    // Each scan read once: one job each, done, the killed one on its second attempt.
    const db = await openDb(loadConfig(cli.env));
    try {
      const jobs = await db.query<{ status: string; attempts: number; id: string }>(
        `select status, attempts, payload->>'prescriptionId' as id from jobs where task = $1`,
        [SCAN_TASK],
      );
      expect(jobs.rows).toHaveLength(4);
      expect(jobs.rows.every((j) => j.status === 'done')).toBe(true);
      const ps = await db.query<{ status: string; pages: number }>(
        `select p.status, (select count(*)::int from prescription_pages pp where pp.prescription_id = p.id) as pages
         from prescriptions p`,
      );
      expect(ps.rows.map((p) => p.status).sort()).toEqual(['ready', 'ready', 'validated', 'validated']);
      expect(ps.rows.every((p) => p.pages === 1)).toBe(true);
      expect(jobs.rows.map((j) => j.attempts).sort()).toEqual([1, 1, 1, 2]);
    } finally {
      await db.close();
    }
  }, 300_000); // ~25-40 s alone; a safety net for a loaded CI machine (first start imports the drugs)
});
