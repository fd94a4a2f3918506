/**
 * @module FHIR search parameters of `RequestGroup` on the facility endpoint → a search over validated
 * prescriptions. Supported: `patient` / `subject` (the partner's patient id, or `Patient/<id>`),
 * `subject:identifier` (`value` or `system|value`), `date` / `authored` with the prefixes
 * eq, ge, gt, le, lt and partial dates (YYYY, YYYY-MM, YYYY-MM-DD, full dateTime), `_sort`
 * (`authored`, `-authored`, `date`, `-date`), `_count` (1–100), `_offset`. Other parameters are
 * ignored, as FHIR allows (https://hl7.org/fhir/R4/search.html#errors). Pure.
 */
import { AppError } from '../../../errors.js';
import type { AuthoredBound } from '../../../delivery/read-prescriptions.js';

export interface ParsedSearch {
  patientId?: string;
  authored: AuthoredBound[];
  sort: 'asc' | 'desc';
  count: number;
  offset: number;
  /** The parameters applied, for the Bundle's `self` link. */
  applied: [string, string][];
}

export const DEFAULT_COUNT = 20;
export const MAX_COUNT = 100;

type Query = Readonly<Record<string, string | string[] | undefined>>;

const all = (q: Query, k: string): string[] => {
  const v = q[k];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
};

/**
 * Parses a FHIR date/dateTime search value into the start and (exclusive) end of the period it names.
 * @param raw - `2024`, `2024-03`, `2024-03-01`, `2024-03-01T10:00:00Z`, …
 */
export function parseFhirDate(raw: string): { start: Date; end: Date } {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(raw);
  if (m !== null) {
    const y = Number(m[1]);
    const mo = m[2] === undefined ? null : Number(m[2]) - 1;
    const d = m[3] === undefined ? null : Number(m[3]);
    const start = new Date(Date.UTC(y, mo ?? 0, d ?? 1));
    const end =
      mo === null
        ? new Date(Date.UTC(y + 1, 0, 1))
        : d === null
          ? new Date(Date.UTC(y, mo + 1, 1))
          : new Date(Date.UTC(y, mo, d + 1));
    if (mo !== null && (mo < 0 || mo > 11)) throw badDate(raw);
    return { start, end };
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(raw)) throw badDate(raw);
  const t = new Date(raw);
  if (Number.isNaN(t.getTime())) throw badDate(raw);
  return { start: t, end: new Date(t.getTime() + 1000) };
}

function badDate(raw: string): AppError {
  return new AppError(
    'invalid',
    `"${raw}" is not a FHIR date (YYYY, YYYY-MM, YYYY-MM-DD or a dateTime with a zone)`,
  );
}

function dateBound(raw: string): AuthoredBound {
  const m = /^(eq|ge|gt|le|lt|ne|sa|eb|ap)?(.+)$/.exec(raw);
  const prefix = m?.[1] ?? 'eq';
  const { start, end } = parseFhirDate(m?.[2] ?? raw);
  switch (prefix) {
    case 'eq':
      return { op: 'eq', value: start, end };
    case 'ge':
      return { op: 'ge', value: start };
    case 'gt':
      return { op: 'ge', value: end };
    case 'le':
      return { op: 'lt', value: end };
    case 'lt':
      return { op: 'lt', value: start };
    default:
      throw new AppError('invalid', `Date prefix "${prefix}" is not supported: use eq, ge, gt, le or lt`);
  }
}

function intParam(q: Query, k: string, def: number, min: number, max: number): number {
  const raw = all(q, k)[0];
  if (raw === undefined) return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) {
    throw new AppError('invalid', `${k} must be an integer ≥ ${min}, got "${raw}"`);
  }
  return Math.min(n, max);
}

/**
 * @param q - the query string, parameters possibly repeated
 * @throws AppError `invalid` on a bad date, sort, count or offset
 */
export function parseRequestGroupSearch(q: Query): ParsedSearch {
  const applied: [string, string][] = [];
  const patients = new Set<string>();
  for (const k of ['patient', 'subject']) {
    for (const v of all(q, k)) {
      patients.add(v.replace(/^(.*\/)?Patient\//, ''));
      applied.push([k, v]);
    }
  }
  for (const v of all(q, 'subject:identifier')) {
    patients.add(v.includes('|') ? v.slice(v.indexOf('|') + 1) : v);
    applied.push(['subject:identifier', v]);
  }
  if (patients.size > 1) {
    throw new AppError('invalid', 'Give one patient (patient, subject or subject:identifier), not several');
  }
  const authored: AuthoredBound[] = [];
  for (const k of ['date', 'authored']) {
    for (const v of all(q, k)) {
      authored.push(dateBound(v));
      applied.push([k, v]);
    }
  }
  const sortRaw = all(q, '_sort')[0] ?? '-authored';
  if (!['authored', '-authored', 'date', '-date'].includes(sortRaw)) {
    throw new AppError('invalid', `_sort "${sortRaw}" is not supported: use authored or -authored`);
  }
  applied.push(['_sort', sortRaw]);
  const count = intParam(q, '_count', DEFAULT_COUNT, 1, MAX_COUNT);
  const [patientId] = [...patients];
  return {
    ...(patientId !== undefined ? { patientId } : {}),
    authored,
    sort: sortRaw.startsWith('-') ? 'desc' : 'asc',
    count,
    offset: intParam(q, '_offset', 0, 0, 1_000_000),
    applied,
  };
}
