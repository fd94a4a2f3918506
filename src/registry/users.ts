/** @module Users of a facility, identified by RPPS or a technical id within the facility. */
import { AppError } from '../errors.js';
import type { Queryable } from '../store/db.js';
import type { User } from './types.js';

interface UserRow {
  id: string;
  facility_id: string;
  rpps: string;
  first_name: string;
  last_name: string;
  import_enabled: boolean;
}

const COLUMNS = 'id, facility_id, rpps, first_name, last_name, import_enabled';

const toUser = (r: UserRow): User => ({
  id: r.id,
  facilityId: r.facility_id,
  rpps: r.rpps,
  firstName: r.first_name,
  lastName: r.last_name,
  importEnabled: r.import_enabled,
});

export interface NewUser {
  facilityId: string;
  rpps: string;
  firstName: string;
  lastName: string;
  importEnabled?: boolean;
}

/**
 * Creates a user.
 * @param db - database or transaction
 * @param input - facility, rpps, names, import flag (default enabled)
 * @throws AppError `conflict` when the rpps exists in the facility
 */
export async function insertUser(db: Queryable, input: NewUser): Promise<User> {
  const r = await db.query<UserRow>(
    `insert into users (facility_id, rpps, first_name, last_name, import_enabled) values ($1, $2, $3, $4, $5)
     on conflict (facility_id, rpps) do nothing returning ${COLUMNS}`,
    [input.facilityId, input.rpps, input.firstName, input.lastName, input.importEnabled ?? true],
  );
  const row = r.rows[0];
  if (row === undefined) {
    throw new AppError('conflict', `User "${input.rpps}" already exists in this facility`);
  }
  return toUser(row);
}

/**
 * Creates the user if unknown (auto provisioning), otherwise returns the existing row untouched.
 * @param db - database
 * @param input - the user as named by the context call
 */
export async function ensureUser(db: Queryable, input: NewUser): Promise<User> {
  const r = await db.query<UserRow>(
    `insert into users (facility_id, rpps, first_name, last_name, import_enabled) values ($1, $2, $3, $4, true)
     on conflict (facility_id, rpps) do update set rpps = excluded.rpps returning ${COLUMNS}`,
    [input.facilityId, input.rpps, input.firstName, input.lastName],
  );
  return toUser(r.rows[0] as UserRow);
}

/** @returns the user with this rpps in the facility, or null */
export async function findUser(db: Queryable, facilityId: string, rpps: string): Promise<User | null> {
  const r = await db.query<UserRow>(`select ${COLUMNS} from users where facility_id = $1 and rpps = $2`, [
    facilityId,
    rpps,
  ]);
  const row = r.rows[0];
  return row === undefined ? null : toUser(row);
}

/** @returns the user with this id, or null */
export async function findUserById(db: Queryable, id: string): Promise<User | null> {
  const r = await db.query<UserRow>(`select ${COLUMNS} from users where id = $1`, [id]);
  const row = r.rows[0];
  return row === undefined ? null : toUser(row);
}

/** @returns the users of a facility, by rpps */
export async function listUsers(db: Queryable, facilityId: string): Promise<User[]> {
  const r = await db.query<UserRow>(`select ${COLUMNS} from users where facility_id = $1 order by rpps`, [
    facilityId,
  ]);
  return r.rows.map(toUser);
}

/**
 * Enables or disables import for a user.
 * @throws AppError `not-found`
 */
export async function setUserImportEnabled(
  db: Queryable,
  facilityId: string,
  rpps: string,
  enabled: boolean,
): Promise<User> {
  const r = await db.query<UserRow>(
    `update users set import_enabled = $3, updated_at = now() where facility_id = $1 and rpps = $2 returning ${COLUMNS}`,
    [facilityId, rpps, enabled],
  );
  const row = r.rows[0];
  if (row === undefined) throw new AppError('not-found', `No user "${rpps}" in this facility`);
  return toUser(row);
}
