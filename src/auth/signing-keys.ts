/**
 * @module Ordoscan's own id_token signing keys. Generated on first start and kept in the database so
 * every API node signs and verifies with the same keys; the public halves are served as JWKS.
 */
import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import type { Queryable } from '../store/db.js';

/** RS256: what Google's id tokens use and what OIDC clients accept by default. */
export const ID_TOKEN_ALG = 'RS256';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

interface SigningKeyRow {
  kid: string;
  private_jwk: JWK | string;
  public_jwk: JWK | string;
}

const asJwk = (v: JWK | string): JWK => (typeof v === 'string' ? (JSON.parse(v) as JWK) : v);

/**
 * Returns the current signing key, generating and storing one when there is none. Concurrent first
 * starts may both insert: all non-retired keys are published, and every node signs with the oldest.
 * @param db - database
 */
export async function ensureSigningKey(db: Queryable): Promise<SigningKey> {
  const current = await db.query<SigningKeyRow>(
    'select kid, private_jwk, public_jwk from signing_keys where retired_at is null order by created_at, kid limit 1',
  );
  let row = current.rows[0];
  if (row === undefined) {
    const { privateKey, publicKey } = await generateKeyPair(ID_TOKEN_ALG, { extractable: true });
    const kid = randomBytes(8).toString('hex');
    const pub = { ...(await exportJWK(publicKey)), kid, alg: ID_TOKEN_ALG, use: 'sig' };
    const priv = { ...(await exportJWK(privateKey)), kid, alg: ID_TOKEN_ALG };
    await db.query(
      'insert into signing_keys (kid, alg, private_jwk, public_jwk) values ($1, $2, $3::jsonb, $4::jsonb)',
      [kid, ID_TOKEN_ALG, JSON.stringify(priv), JSON.stringify(pub)],
    );
    return ensureSigningKey(db);
  }
  row = { ...row, private_jwk: asJwk(row.private_jwk), public_jwk: asJwk(row.public_jwk) };
  const privateKey = (await importJWK(row.private_jwk as JWK, ID_TOKEN_ALG)) as CryptoKey;
  return { kid: row.kid, privateKey, publicJwk: row.public_jwk as JWK };
}

/** @returns the public JWKs of every non-retired signing key (the JWKS document's `keys`) */
export async function listPublicJwks(db: Queryable): Promise<JWK[]> {
  const r = await db.query<{ public_jwk: JWK | string }>(
    'select public_jwk from signing_keys where retired_at is null order by created_at, kid',
  );
  return r.rows.map((x) => asJwk(x.public_jwk));
}
