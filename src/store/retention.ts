/**
 * @module Retention purge: removes a facility's patient data older than its `settings.retentionDays`
 * (uploaded and pre-imported files, documents, prescriptions with their pages, lines, corrections and
 * deliveries, finished scan sessions with their pairings, unclaimed inbox photos, and the finished
 * jobs that pointed at purged prescriptions). A facility without `retentionDays` keeps everything.
 * Scans sent through the direct API without a facility are not facility data and are not purged.
 * Runs as `ordoscan purge` and hourly inside `ordoscan serve`.
 */
import { AppError } from '../errors.js';
import type { Db, Queryable } from './db.js';

/** Longest accepted retention, in days (10 years). */
export const MAX_RETENTION_DAYS = 3650;

/**
 * @param value - a facility's `settings.retentionDays`
 * @returns the retention in days, or null when not set
 * @throws AppError `invalid` when set to something else than an integer from 1 to MAX_RETENTION_DAYS
 */
export function checkRetentionDays(value: unknown): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_RETENTION_DAYS) {
    throw new AppError('invalid', `retentionDays must be an integer from 1 to ${MAX_RETENTION_DAYS} (days)`);
  }
  return value;
}

/** What was removed for one facility. */
export interface FacilityPurge {
  facilityId: string;
  slug: string;
  retentionDays: number;
  /** Everything created before this instant was purged. */
  cutoff: Date;
  prescriptions: number;
  documents: number;
  sessions: number;
  sessionFiles: number;
  inboxFiles: number;
  jobs: number;
}

async function count(db: Queryable, sql: string, params: unknown[]): Promise<number> {
  const r = await db.query<{ n: number }>(
    `with d as (${sql} returning 1) select count(*)::int as n from d`,
    params,
  );
  return r.rows[0]?.n ?? 0;
}

/**
 * Purges one facility's data created before `cutoff`, in one transaction.
 * @param db - database
 * @param facility - id, slug and retention
 * @param now - the current time (tests pass a fixed one)
 */
async function purgeFacility(
  db: Db,
  facility: { id: string; slug: string; retentionDays: number },
  now: Date,
): Promise<FacilityPurge> {
  const cutoff = new Date(now.getTime() - facility.retentionDays * 86_400_000);
  const args = [facility.id, cutoff];
  return db.transaction(async (tx) => {
    const gone = await tx.query<{ id: string }>(
      'delete from prescriptions where facility_id = $1 and created_at < $2 returning id::text as id',
      args,
    );
    const ids = gone.rows.map((r) => r.id);
    const jobs = await count(
      tx,
      `delete from jobs where status in ('done', 'failed') and payload->>'prescriptionId' = any($1::text[])`,
      [ids],
    );
    const documents = await count(
      tx,
      `delete from documents d where d.facility_id = $1 and d.created_at < $2
         and not exists (select 1 from prescriptions p where p.document_id = d.id)`,
      args,
    );
    const old = `select id from scan_sessions where facility_id = $1::uuid and created_at < $2`;
    const sessionFiles = await count(tx, `delete from session_files where session_id in (${old})`, args);
    // Open sessions are left alone (a retention shorter than a session's life would cut it short).
    const sessions = await count(
      tx,
      `delete from scan_sessions where facility_id = $1::uuid and created_at < $2
         and (state in ('validated', 'cancelled', 'expired') or expires_at < now())`,
      args,
    );
    const inboxFiles = await count(
      tx,
      'delete from patient_inbox_files where facility_id = $1::uuid and created_at < $2',
      args,
    );
    return {
      facilityId: facility.id,
      slug: facility.slug,
      retentionDays: facility.retentionDays,
      cutoff,
      prescriptions: ids.length,
      documents,
      sessions,
      sessionFiles,
      inboxFiles,
      jobs,
    };
  });
}

/**
 * Purges every facility that has a retention period.
 * @param db - database
 * @param now - the current time
 * @returns one report per facility with a retention period; a facility whose setting is invalid is
 * reported in `errors` and left alone
 */
export async function purgeExpired(
  db: Db,
  now: Date = new Date(),
): Promise<{ purged: FacilityPurge[]; errors: { slug: string; message: string }[] }> {
  const r = await db.query<{ id: string; slug: string; days: unknown }>(
    `select id::text as id, slug, settings->'retentionDays' as days from facilities
      where settings ? 'retentionDays' order by slug`,
  );
  const purged: FacilityPurge[] = [];
  const errors: { slug: string; message: string }[] = [];
  for (const f of r.rows) {
    let days: number | null;
    try {
      days = checkRetentionDays(f.days);
    } catch (err) {
      errors.push({ slug: f.slug, message: err instanceof Error ? err.message : String(err) });
      continue;
    }
    if (days !== null) {
      purged.push(await purgeFacility(db, { id: f.id, slug: f.slug, retentionDays: days }, now));
    }
  }
  return { purged, errors };
}

/** Logger of the periodic purge (pino-compatible). */
export interface PurgeLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * Runs `purgeExpired` every `intervalMs` (first run after one interval), never two at once.
 * @param db - database
 * @param intervalMs - period; 0 disables it
 * @param log - where results and failures go (counts and slugs only)
 * @returns `stop()`, which waits for a running purge
 */
export function startRetentionPurge(db: Db, intervalMs: number, log: PurgeLogger): { stop(): Promise<void> } {
  if (intervalMs <= 0) return { stop: () => Promise.resolve() };
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (running !== null) return;
    running = purgeExpired(db)
      .then(({ purged, errors }) => {
        for (const p of purged) {
          if (p.prescriptions + p.sessions + p.inboxFiles + p.documents > 0) {
            log.info({ ...p }, 'retention purge');
          }
        }
        for (const e of errors) log.error(e, 'retention purge skipped a facility');
      })
      .catch((err: unknown) => log.error({ err }, 'retention purge failed'))
      .finally(() => {
        running = null;
      });
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
