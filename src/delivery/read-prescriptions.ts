/**
 * @module Reads of validated prescriptions for the partner pull API and the FHIR endpoint. Every
 * query is scoped, in SQL, to the facilities the caller may use (tenant isolation) and to status
 * `validated`. "Validated at" is the prescription's last update (a validated prescription is final);
 * "authored" is the RequestGroup's `authoredOn`, or the validation time when no date could be read.
 */
import type { RequestGroup } from '@medplum/fhirtypes';
import type { Queryable } from '../store/db.js';
import { publishedRequestGroup } from './resource.js';

export interface ValidatedPrescription {
  id: string;
  facilityId: string;
  patientId: string | null;
  validatedAt: Date;
  authoredOn: string | null;
  requestGroup: RequestGroup;
}

interface Row {
  id: string;
  facility_id: string;
  patient_id: string | null;
  validated_at: Date;
  request_group: unknown;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const AUTHORED = `coalesce((request_group->>'authoredOn')::timestamptz, updated_at)`;
const SELECT = `select id, facility_id, patient_id, updated_at as validated_at, request_group from prescriptions`;

function toValidated(r: Row): ValidatedPrescription {
  const validatedAt = new Date(r.validated_at);
  const rg = publishedRequestGroup(r.request_group, r.id, validatedAt);
  return {
    id: r.id,
    facilityId: r.facility_id,
    patientId: r.patient_id,
    validatedAt,
    authoredOn: rg.authoredOn ?? null,
    requestGroup: rg,
  };
}

/**
 * @param db - database
 * @param id - prescription id
 * @param facilityIds - facilities the caller may read
 * @returns the validated prescription, or null (absent, not validated, or another tenant's)
 */
export async function getValidatedPrescription(
  db: Queryable,
  id: string,
  facilityIds: readonly string[],
): Promise<ValidatedPrescription | null> {
  if (!UUID.test(id) || facilityIds.length === 0) return null;
  const r = await db.query<Row>(
    `${SELECT} where id = $1 and status = 'validated' and request_group is not null and facility_id = any($2::text[])`,
    [id, facilityIds],
  );
  return r.rows[0] === undefined ? null : toValidated(r.rows[0]);
}

/** Position after the last item of a page: newest first, ties broken by id. */
export interface PullCursor {
  validatedAt: string;
  id: string;
}

export interface PullQuery {
  facilityIds: readonly string[];
  patientId?: string;
  since?: Date;
  until?: Date;
  count: number;
  after?: PullCursor;
}

/**
 * Lists validated prescriptions, newest validation first, with keyset pagination.
 * @param db - database
 * @param q - scope, filters, page size and cursor
 * @returns the page and the cursor of the next one (null on the last page)
 */
export async function listValidatedPrescriptions(
  db: Queryable,
  q: PullQuery,
): Promise<{ items: ValidatedPrescription[]; next: PullCursor | null }> {
  if (q.facilityIds.length === 0) return { items: [], next: null };
  const r = await db.query<Row>(
    `${SELECT} where status = 'validated' and request_group is not null and facility_id = any($1::text[])
       and ($2::text is null or patient_id = $2)
       and ($3::timestamptz is null or updated_at >= $3) and ($4::timestamptz is null or updated_at < $4)
       and ($5::timestamptz is null or (updated_at, id) < ($5::timestamptz, $6::uuid))
     order by updated_at desc, id desc limit $7`,
    [
      q.facilityIds,
      q.patientId ?? null,
      q.since ?? null,
      q.until ?? null,
      q.after?.validatedAt ?? null,
      q.after?.id ?? null,
      q.count + 1,
    ],
  );
  const rows = r.rows.slice(0, q.count);
  const last = rows[rows.length - 1];
  const next =
    r.rows.length > q.count && last !== undefined
      ? { validatedAt: new Date(last.validated_at).toISOString(), id: last.id }
      : null;
  return { items: rows.map(toValidated), next };
}

export interface AuthoredBound {
  op: 'ge' | 'gt' | 'le' | 'lt' | 'eq';
  value: Date;
  /** For `eq` on a partial date: the end of the period (exclusive). */
  end?: Date;
}

export interface FhirSearch {
  facilityIds: readonly string[];
  patientId?: string;
  authored: AuthoredBound[];
  sort: 'asc' | 'desc';
  count: number;
  offset: number;
}

const OPS: Readonly<Record<Exclude<AuthoredBound['op'], 'eq'>, string>> = {
  ge: '>=',
  gt: '>',
  le: '<=',
  lt: '<',
};

/**
 * FHIR search over validated prescriptions (patient identifier, authored date bounds, sort, paging).
 * @param db - database
 * @param q - scope and criteria
 * @returns the page and the total number of matches
 */
export async function searchValidatedPrescriptions(
  db: Queryable,
  q: FhirSearch,
): Promise<{ items: ValidatedPrescription[]; total: number }> {
  if (q.facilityIds.length === 0) return { items: [], total: 0 };
  const params: unknown[] = [q.facilityIds, q.patientId ?? null];
  const where = [
    `status = 'validated'`,
    'request_group is not null',
    'facility_id = any($1::text[])',
    '($2::text is null or patient_id = $2)',
  ];
  for (const b of q.authored) {
    if (b.op === 'eq') {
      params.push(b.value, b.end ?? b.value);
      where.push(
        `${AUTHORED} >= $${params.length - 1}::timestamptz and ${AUTHORED} < $${params.length}::timestamptz`,
      );
    } else {
      params.push(b.value);
      where.push(`${AUTHORED} ${OPS[b.op]} $${params.length}::timestamptz`);
    }
  }
  const cond = where.join(' and ');
  const total = await db.query<{ n: number }>(
    `select count(*)::int as n from prescriptions where ${cond}`,
    params,
  );
  const dir = q.sort === 'asc' ? 'asc' : 'desc';
  const r = await db.query<Row>(
    `${SELECT} where ${cond} order by ${AUTHORED} ${dir}, id ${dir} limit $${params.length + 1} offset $${params.length + 2}`,
    [...params, q.count, q.offset],
  );
  return { items: r.rows.map(toValidated), total: total.rows[0]?.n ?? 0 };
}
