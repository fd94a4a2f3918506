/**
 * Crash test of the scan pipeline with real processes: `ordoscan worker` processes reading real scans
 * (real tesseract OCR) are SIGKILLed in the middle of reading, again and again, then one is left to
 * finish. Every document must end read exactly once. PostgreSQL only: a worker process cannot share
 * the embedded database (its equivalent, a killed `ordoscan serve`, is in test/crash/serve-restart).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliEnv, type CliEnv } from '../../test/helpers/cli.js';
import { onPostgres } from '../../test/helpers/db.js';
import { spawnOrdoscan, until, type OrdoscanProcess } from '../../test/helpers/process.js';
import { insertPartner } from '../registry/partners.js';
import { openPostgres, type Db } from '../store/db.js';
import { migrate } from '../store/migrate.js';
import { SAMPLE_PRESCRIPTION, textPng } from './fixtures/prescription-files.js';
import { submitScan } from './submit-scan.js';
import { SCAN_TASK } from './tasks/scan-prescription.js';

const DOCUMENTS = 3;
const KILLS = 3;
/** Short leases so a killed worker's job is taken over within seconds. */
const LEASE_MS = 2000;

interface JobState {
  id: number;
  status: string;
  attempts: number;
  lockedBy: string | null;
  lockedUntil: Date | null;
  prescriptionId: string;
}

describe.skipIf(!onPostgres())('scan workers SIGKILLed mid-reading, repeatedly', () => {
  let cli: CliEnv;
  let db: Db;
  const workers: OrdoscanProcess[] = [];
  beforeAll(async () => {
    cli = await createCliEnv('ordoscan_scan_crash');
    db = await openPostgres(cli.env.DATABASE_URL ?? '', 3);
    await migrate(db);
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.kill()));
    await db.close();
    await cli.cleanup();
  });

  const jobs = async (): Promise<JobState[]> =>
    (
      await db.query<JobState>(
        `select id, status, attempts, locked_by as "lockedBy", locked_until as "lockedUntil",
           payload->>'prescriptionId' as "prescriptionId"
         from jobs where task = $1 order by id`,
        [SCAN_TASK],
      )
    ).rows;

  const startWorker = async (): Promise<{ proc: OrdoscanProcess; id: string }> => {
    const proc = spawnOrdoscan(['worker', '--jobs', 'scan', '--concurrency', '1'], {
      ...cli.env,
      JOB_LEASE_MS: String(LEASE_MS),
    });
    workers.push(proc);
    await proc.waitFor(/worker ([^)\s]+)\)/);
    const id = /worker ([^)\s]+)\)/.exec(proc.output())?.[1] ?? '';
    return { proc, id };
  };

  it('every document is read exactly once: one result each, attempts counted, no job left leased', async () => {
    const partner = await insertPartner(db, 'Crash partner');
    const png = await textPng(SAMPLE_PRESCRIPTION);
    const submitted: string[] = [];
    for (let i = 0; i < DOCUMENTS; i++) {
      const s = await submitScan(db, {
        files: [{ bytes: png, mediaType: 'image/png' }],
        partner: partner.id,
        facilityId: null,
        sessionId: null,
        patientId: `crash-${i}`,
      });
      submitted.push(s.prescriptionId);
    }

    /** Kills that caught a job leased by the killed worker, per job id: each costs one attempt. */
    const leased = new Map<number, number>();
    /** Of those, kills that came while the prescription was still being read (not stored yet). */
    let kills = 0;
    for (let round = 0; kills < KILLS; round++) {
      expect(round).toBeLessThan(KILLS * 3); // a safety net: a kill must catch a read most rounds
      const { proc, id } = await startWorker();
      await until(async () => (await jobs()).some((j) => j.lockedBy === id), 'the worker to claim a job');
      await new Promise((r) => setTimeout(r, 200 + 300 * round)); // into the reading (OCR)
      await proc.kill('SIGKILL');
      const reading = await db.query<{ id: string }>(`select id from prescriptions where status = 'reading'`);
      const stillReading = new Set(reading.rows.map((r) => r.id));
      for (const j of await jobs()) {
        if (j.lockedBy !== id || j.status !== 'running') continue;
        leased.set(j.id, (leased.get(j.id) ?? 0) + 1); // the lease is left to expire
        // Killed after the result was stored but before the job was marked done: the next claim
        // finds the prescription read and only closes the job. Counted above, not as a mid-read kill.
        if (stillReading.has(j.prescriptionId)) kills++;
      }
    }

    const last = await startWorker();
    await until(
      async () => (await jobs()).every((j) => j.status === 'done' || j.status === 'failed'),
      'every job to finish',
    );
    await last.proc.kill('SIGTERM');

    // One prescription, one job, one stored reading per document.
    const ps = await db.query<{ id: string; status: string; pageCount: number; pages: number; rg: boolean }>(
      `select p.id, p.status, p.page_count as "pageCount", p.request_group is not null as rg,
         (select count(*)::int from prescription_pages pp where pp.prescription_id = p.id) as pages
       from prescriptions p order by p.created_at`,
    );
    expect(ps.rows.map((p) => p.id).sort()).toEqual([...submitted].sort());
    for (const p of ps.rows) expect(p).toMatchObject({ status: 'ready', pageCount: 1, pages: 1, rg: true });
    expect((await db.query('select id from documents')).rows).toHaveLength(DOCUMENTS);
    const final = await jobs();
    expect(final).toHaveLength(DOCUMENTS);
    for (const j of final) {
      expect(j).toMatchObject({ status: 'done', lockedBy: null, lockedUntil: null });
      expect(j.attempts).toBe(1 + (leased.get(j.id) ?? 0)); // each kill cost that job one attempt
    }
    expect(kills).toBeGreaterThanOrEqual(KILLS);

    // Each job completed once, by one worker, while holding its lease.
    const done = workers
      .flatMap((w) => w.output().split('\n'))
      .filter((l) => / job done /.test(l))
      .map((l) => JSON.parse(l.slice(l.indexOf('{'))) as { job: number; held: boolean });
    expect(done.map((d) => d.job).sort((a, b) => a - b)).toEqual(final.map((j) => j.id));
    expect(done.every((d) => d.held)).toBe(true);
  }, 240_000); // ~30 s alone; a safety net for a loaded CI machine
});
