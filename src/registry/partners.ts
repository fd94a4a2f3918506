/** @module Partners: the software vendors that call the partner API, and the facilities they may use. */
import { AppError } from '../errors.js';
import type { Queryable } from '../store/db.js';
import type { Partner } from './types.js';

interface PartnerRow {
  id: string;
  name: string;
  created_at: Date;
}

const toPartner = (r: PartnerRow): Partner => ({ id: r.id, name: r.name, createdAt: new Date(r.created_at) });

/**
 * Creates a partner.
 * @param db - database or transaction
 * @param name - unique display name
 * @throws AppError `conflict` when the name exists
 */
export async function insertPartner(db: Queryable, name: string): Promise<Partner> {
  const r = await db.query<PartnerRow>(
    'insert into partners (name) values ($1) on conflict (name) do nothing returning id, name, created_at',
    [name],
  );
  const row = r.rows[0];
  if (row === undefined) throw new AppError('conflict', `A partner named "${name}" already exists`);
  return toPartner(row);
}

/** @returns every partner, by name */
export async function listPartners(db: Queryable): Promise<Partner[]> {
  const r = await db.query<PartnerRow>('select id, name, created_at from partners order by name');
  return r.rows.map(toPartner);
}

/**
 * Finds a partner by id or name.
 * @param db - database
 * @param ref - uuid or exact name
 * @throws AppError `not-found`
 */
export async function getPartner(db: Queryable, ref: string): Promise<Partner> {
  const r = await db.query<PartnerRow>(
    'select id, name, created_at from partners where name = $1 or id::text = $1',
    [ref],
  );
  const row = r.rows[0];
  if (row === undefined) throw new AppError('not-found', `No partner "${ref}"`);
  return toPartner(row);
}

/**
 * Lets a partner open sessions for a facility (idempotent).
 * @param db - database
 * @param partnerId - partner
 * @param facilityId - facility
 */
export async function grantFacility(db: Queryable, partnerId: string, facilityId: string): Promise<void> {
  await db.query(
    'insert into partner_facilities (partner_id, facility_id) values ($1, $2) on conflict do nothing',
    [partnerId, facilityId],
  );
}

/** @returns the slugs of the facilities a partner may use, sorted */
export async function listPartnerFacilitySlugs(db: Queryable, partnerId: string): Promise<string[]> {
  const r = await db.query<{ slug: string }>(
    `select f.slug from partner_facilities pf join facilities f on f.id = pf.facility_id
      where pf.partner_id = $1 order by f.slug`,
    [partnerId],
  );
  return r.rows.map((x) => x.slug);
}
