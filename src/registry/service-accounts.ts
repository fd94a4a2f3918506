/** @module Service accounts and their public keys (the private key is never stored). */
import { AppError } from '../errors.js';
import type { Queryable } from '../store/db.js';
import type { ServiceAccountKey } from './types.js';

interface KeyRow {
  id: string;
  service_account_id: string;
  client_email: string;
  partner_id: string;
  public_key_pem: string;
  created_at: Date;
  revoked_at: Date | null;
}

const SELECT_KEY = `select k.id, k.service_account_id, a.client_email, a.partner_id, k.public_key_pem,
  k.created_at, k.revoked_at
  from service_account_keys k join service_accounts a on a.id = k.service_account_id`;

const toKey = (r: KeyRow): ServiceAccountKey => ({
  id: r.id,
  serviceAccountId: r.service_account_id,
  clientEmail: r.client_email,
  partnerId: r.partner_id,
  publicKeyPem: r.public_key_pem,
  createdAt: new Date(r.created_at),
  revokedAt: r.revoked_at === null ? null : new Date(r.revoked_at),
});

/**
 * Creates a service account.
 * @param db - database or transaction
 * @param partnerId - owner
 * @param clientEmail - unique identity (`iss`/`sub` of assertions)
 * @returns the account id
 */
export async function insertServiceAccount(
  db: Queryable,
  partnerId: string,
  clientEmail: string,
): Promise<string> {
  const r = await db.query<{ id: string }>(
    'insert into service_accounts (partner_id, client_email) values ($1, $2) on conflict do nothing returning id',
    [partnerId, clientEmail],
  );
  const row = r.rows[0];
  if (row === undefined) throw new AppError('conflict', `Service account ${clientEmail} already exists`);
  return row.id;
}

/**
 * Stores a public key for a service account.
 * @param db - database or transaction
 * @param key - id (private_key_id), account and PEM public key
 */
export async function insertKey(
  db: Queryable,
  key: { id: string; serviceAccountId: string; publicKeyPem: string },
): Promise<void> {
  await db.query(
    'insert into service_account_keys (id, service_account_id, public_key_pem) values ($1, $2, $3)',
    [key.id, key.serviceAccountId, key.publicKeyPem],
  );
}

/** @returns the key with this id (revoked or not), or null */
export async function findKey(db: Queryable, keyId: string): Promise<ServiceAccountKey | null> {
  const r = await db.query<KeyRow>(`${SELECT_KEY} where k.id = $1`, [keyId]);
  const row = r.rows[0];
  return row === undefined ? null : toKey(row);
}

/** @returns the keys of the account with this client_email that are not revoked, newest first */
export async function findActiveKeysByEmail(
  db: Queryable,
  clientEmail: string,
): Promise<ServiceAccountKey[]> {
  const r = await db.query<KeyRow>(
    `${SELECT_KEY} where a.client_email = $1 and k.revoked_at is null order by k.created_at desc`,
    [clientEmail],
  );
  return r.rows.map(toKey);
}

/** @returns whether the key exists and is not revoked: the per-request revocation check */
export async function isKeyActive(db: Queryable, keyId: string): Promise<boolean> {
  const r = await db.query<{ ok: boolean }>(
    'select true as ok from service_account_keys where id = $1 and revoked_at is null',
    [keyId],
  );
  return r.rows.length > 0;
}

/** @returns keys, optionally of one partner, oldest first */
export async function listKeys(db: Queryable, partnerId?: string): Promise<ServiceAccountKey[]> {
  const r =
    partnerId === undefined
      ? await db.query<KeyRow>(`${SELECT_KEY} order by k.created_at`)
      : await db.query<KeyRow>(`${SELECT_KEY} where a.partner_id = $1 order by k.created_at`, [partnerId]);
  return r.rows.map(toKey);
}

/**
 * Revokes a key at once (idempotent: the first revocation time is kept).
 * @throws AppError `not-found`
 */
export async function revokeKey(db: Queryable, keyId: string): Promise<ServiceAccountKey> {
  await db.query('update service_account_keys set revoked_at = coalesce(revoked_at, now()) where id = $1', [
    keyId,
  ]);
  const key = await findKey(db, keyId);
  if (key === null) throw new AppError('not-found', `No key "${keyId}"`);
  return key;
}
