/** @module Facilities (hospitals, clinics): slug, aliases and jsonb settings. */
import { AppError } from '../errors.js';
import type { Queryable } from '../store/db.js';
import { DEFAULT_FACILITY_SETTINGS, type Facility, type FacilitySettings } from './types.js';

interface FacilityRow {
  id: string;
  slug: string;
  name: string;
  aliases: string[];
  settings: Partial<FacilitySettings> | string;
  created_at: Date;
}

const COLUMNS = 'id, slug, name, aliases, settings, created_at';
const SLUG = /^[a-z0-9][a-z0-9._-]{0,99}$/;

/** @returns settings with defaults filled in (rows may predate a setting) */
export function withDefaultSettings(raw: Partial<FacilitySettings> | string | null): FacilitySettings {
  const parsed = (typeof raw === 'string' ? JSON.parse(raw) : (raw ?? {})) as Partial<FacilitySettings>;
  return { ...DEFAULT_FACILITY_SETTINGS, ...parsed };
}

/** Maps a database row (snake_case) to a Facility. */
export function toFacility(r: FacilityRow): Facility {
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    aliases: r.aliases,
    settings: withDefaultSettings(r.settings),
    createdAt: new Date(r.created_at),
  };
}

/** Checks a slug or alias: lower-case letters, digits, `.`, `_`, `-`. */
export function checkSlug(slug: string): void {
  if (!SLUG.test(slug)) {
    throw new AppError(
      'invalid',
      `"${slug}" is not a valid slug: use lower-case letters, digits, ".", "_", "-"`,
    );
  }
}

export interface NewFacility {
  slug: string;
  name: string;
  aliases?: string[];
  settings?: Partial<FacilitySettings>;
}

/**
 * Creates a facility. Slugs and aliases share one namespace.
 * @param db - database or transaction
 * @param input - slug, name, aliases, settings (defaults: provisioning auto, TTL 60 min)
 * @throws AppError `invalid` on a bad slug or setting, `conflict` when a slug or alias is taken
 */
export async function insertFacility(db: Queryable, input: NewFacility): Promise<Facility> {
  const aliases = [...new Set(input.aliases ?? [])].filter((a) => a !== input.slug);
  for (const s of [input.slug, ...aliases]) checkSlug(s);
  const settings = { ...DEFAULT_FACILITY_SETTINGS, ...input.settings };
  checkSettings(settings);
  const taken = await db.query<{ slug: string }>(
    'select slug from facilities where slug = any($1::text[]) or aliases && $1::text[]',
    [[input.slug, ...aliases]],
  );
  if (taken.rows.length > 0) {
    throw new AppError('conflict', `Slug or alias already used by facility "${taken.rows[0]?.slug ?? ''}"`);
  }
  const r = await db.query<FacilityRow>(
    `insert into facilities (slug, name, aliases, settings) values ($1, $2, $3, $4::jsonb) returning ${COLUMNS}`,
    [input.slug, input.name, aliases, JSON.stringify(settings)],
  );
  return toFacility(r.rows[0] as FacilityRow);
}

/** @throws AppError `invalid` naming the bad setting */
export function checkSettings(s: FacilitySettings): void {
  if (s.provisioning !== 'auto' && s.provisioning !== 'registered') {
    throw new AppError('invalid', 'provisioning must be "auto" or "registered"');
  }
  if (
    !Number.isInteger(s.sessionTtlMinutes) ||
    s.sessionTtlMinutes < 1 ||
    s.sessionTtlMinutes > 7 * 24 * 60
  ) {
    throw new AppError('invalid', 'sessionTtlMinutes must be an integer from 1 to 10080');
  }
}

/**
 * Finds a facility by slug or alias.
 * @param db - database
 * @param slugOrAlias - slug, alias or uuid
 * @returns the facility, or null
 */
export async function findFacility(db: Queryable, slugOrAlias: string): Promise<Facility | null> {
  const r = await db.query<FacilityRow>(
    `select ${COLUMNS} from facilities where slug = $1 or $1 = any(aliases) or id::text = $1 limit 1`,
    [slugOrAlias],
  );
  const row = r.rows[0];
  return row === undefined ? null : toFacility(row);
}

/** Like findFacility, but throws AppError `not-found`. */
export async function getFacility(db: Queryable, slugOrAlias: string): Promise<Facility> {
  const f = await findFacility(db, slugOrAlias);
  if (f === null) throw new AppError('not-found', `No facility "${slugOrAlias}"`);
  return f;
}

/** @returns every facility, by slug */
export async function listFacilities(db: Queryable): Promise<Facility[]> {
  const r = await db.query<FacilityRow>(`select ${COLUMNS} from facilities order by slug`);
  return r.rows.map(toFacility);
}

/**
 * Merges settings into a facility's settings.
 * @param db - database
 * @param facilityId - facility
 * @param patch - settings to set
 */
export async function updateFacilitySettings(
  db: Queryable,
  facilityId: string,
  patch: Partial<FacilitySettings>,
): Promise<Facility> {
  const current = await getFacility(db, facilityId);
  const settings = { ...current.settings, ...patch };
  checkSettings(settings);
  const r = await db.query<FacilityRow>(
    `update facilities set settings = $2::jsonb where id = $1 returning ${COLUMNS}`,
    [facilityId, JSON.stringify(settings)],
  );
  return toFacility(r.rows[0] as FacilityRow);
}
