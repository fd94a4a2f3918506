/**
 * @module Issuing, rotating and revoking partner service-account keys. The private key leaves in the
 * returned key file and is never stored; only the public key is kept.
 */
import { randomBytes } from 'node:crypto';
import type { Db, Queryable } from '../store/db.js';
import { getPartner, listPartnerFacilitySlugs } from '../registry/partners.js';
import { findKey, insertKey, insertServiceAccount, revokeKey } from '../registry/service-accounts.js';
import type { Partner } from '../registry/types.js';
import { AppError } from '../errors.js';
import { generateServiceAccountKeyPair, slugify, type KeyFile } from './key-file.js';

/** Where key files point and which audience they name. */
export interface IssuerSettings {
  publicUrl: string;
  oauthClientId: string;
}

/** @returns the token endpoint URL written as `token_uri` in key files */
export const tokenUri = (publicUrl: string): string => `${publicUrl}/oauth2/token`;

async function keyFileFor(
  db: Queryable,
  issuer: IssuerSettings,
  partner: Partner,
  account: { id: string; clientEmail: string },
): Promise<KeyFile> {
  const pair = await generateServiceAccountKeyPair();
  await insertKey(db, { id: pair.keyId, serviceAccountId: account.id, publicKeyPem: pair.publicKeyPem });
  return {
    type: 'service_account',
    project_id: slugify(partner.name),
    private_key_id: pair.keyId,
    private_key: pair.privateKeyPem,
    client_email: account.clientEmail,
    client_id: account.id,
    auth_uri: tokenUri(issuer.publicUrl),
    token_uri: tokenUri(issuer.publicUrl),
    facilities: await listPartnerFacilitySlugs(db, partner.id),
    audience: issuer.oauthClientId,
  };
}

/**
 * Creates a service account for a partner, with a first key.
 * @param db - database
 * @param issuer - public URL and audience written into the file
 * @param partnerRef - partner id or name
 * @param accountName - optional account name (the local part of client_email)
 * @returns the key file: show or write it once, it cannot be produced again
 */
export async function createServiceAccountKey(
  db: Db,
  issuer: IssuerSettings,
  partnerRef: string,
  accountName?: string,
): Promise<KeyFile> {
  return db.transaction(async (tx) => {
    const partner = await getPartner(tx, partnerRef);
    const local = `${slugify(accountName ?? 'api')}-${randomBytes(3).toString('hex')}`;
    const clientEmail = `${local}@${slugify(partner.name)}.iam.ordoscan`;
    const id = await insertServiceAccount(tx, partner.id, clientEmail);
    return keyFileFor(tx, issuer, partner, { id, clientEmail });
  });
}

/**
 * Rotation: issues a new key for the same service account and revokes the old one at once.
 * @param db - database
 * @param issuer - public URL and audience
 * @param keyId - the key to replace
 * @returns the new key file
 * @throws AppError `not-found`, or `conflict` when the old key is already revoked
 */
export async function rotateServiceAccountKey(
  db: Db,
  issuer: IssuerSettings,
  keyId: string,
): Promise<KeyFile> {
  return db.transaction(async (tx) => {
    const old = await findKey(tx, keyId);
    if (old === null) throw new AppError('not-found', `No key "${keyId}"`);
    if (old.revokedAt !== null) throw new AppError('conflict', `Key "${keyId}" is already revoked`);
    const partner = await getPartner(tx, old.partnerId);
    const file = await keyFileFor(tx, issuer, partner, {
      id: old.serviceAccountId,
      clientEmail: old.clientEmail,
    });
    await revokeKey(tx, keyId);
    return file;
  });
}
