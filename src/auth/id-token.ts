/**
 * @module Ordoscan id_tokens: OIDC-style JWTs signed with Ordoscan's key (RS256, `kid` set), issued by
 * `/oauth2/token` and checked on every partner call (signature, issuer, audience, expiry). Verified
 * tokens are cached until they expire, so a partner reusing its token costs no crypto; revocation is
 * checked separately, against the key row.
 */
import { SignJWT, createLocalJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { AppError } from '../errors.js';
import type { Queryable } from '../store/db.js';
import { ID_TOKEN_ALG, listPublicJwks, type SigningKey } from './signing-keys.js';

/** Lifetime of an id_token, as Google's (1 h). */
export const ID_TOKEN_LIFETIME_S = 3600;

/** What an id_token says about its bearer. */
export interface IdTokenClaims {
  /** Service account id. */
  sub: string;
  email: string;
  /** The partner key (private_key_id) whose assertion obtained this token: checked for revocation. */
  keyId: string;
  partnerId: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

export interface IdTokenSettings {
  issuer: string;
  audience: string;
}

/**
 * Signs an id_token.
 * @param key - Ordoscan's signing key
 * @param settings - issuer (PUBLIC_URL) and audience (the requested target_audience)
 * @param subject - service account, key and partner
 * @param nowS - current time in seconds (tests)
 */
export async function signIdToken(
  key: SigningKey,
  settings: IdTokenSettings,
  subject: { serviceAccountId: string; email: string; keyId: string; partnerId: string },
  nowS = Math.floor(Date.now() / 1000),
): Promise<string> {
  return new SignJWT({
    email: subject.email,
    email_verified: true,
    key_id: subject.keyId,
    partner_id: subject.partnerId,
  })
    .setProtectedHeader({ alg: ID_TOKEN_ALG, kid: key.kid, typ: 'JWT' })
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setSubject(subject.serviceAccountId)
    .setIssuedAt(nowS)
    .setExpirationTime(nowS + ID_TOKEN_LIFETIME_S)
    .sign(key.privateKey);
}

export interface IdTokenVerifier {
  /** @throws AppError `unauthorized` with the reason */
  verify(token: string): Promise<IdTokenClaims>;
}

const MAX_CACHED_TOKENS = 10_000;
const JWKS_RELOAD_MIN_MS = 10_000;

/**
 * Builds a verifier over the signing keys in the database (reloaded when an unknown `kid` shows up,
 * at most every 10 s).
 * @param db - database
 * @param settings - expected issuer and audience
 */
export function createIdTokenVerifier(db: Queryable, settings: IdTokenSettings): IdTokenVerifier {
  let keySet: ReturnType<typeof createLocalJWKSet> | null = null;
  let kids = new Set<string>();
  let loadedAt = 0;
  const verified = new Map<string, IdTokenClaims>();

  const loadKeys = async (): Promise<void> => {
    const keys = await listPublicJwks(db);
    keySet = createLocalJWKSet({ keys });
    kids = new Set(keys.map((k) => k.kid ?? ''));
    loadedAt = Date.now();
  };

  const check = async (token: string): Promise<JWTPayload> => {
    const headerPart = /^[\w-]+/.exec(token)?.[0];
    let header: { kid?: string };
    try {
      header = JSON.parse(Buffer.from(headerPart ?? '', 'base64url').toString('utf8')) as { kid?: string };
    } catch {
      throw new AppError('unauthorized', 'The bearer token is not a JWT');
    }
    if (keySet === null || (!kids.has(header.kid ?? '') && Date.now() - loadedAt > JWKS_RELOAD_MIN_MS)) {
      await loadKeys();
    }
    const { payload } = await jwtVerify(token, keySet as NonNullable<typeof keySet>, {
      issuer: settings.issuer,
      audience: settings.audience,
      algorithms: [ID_TOKEN_ALG],
      requiredClaims: ['exp', 'sub', 'key_id', 'partner_id'],
    });
    return payload;
  };

  return {
    async verify(token) {
      const nowS = Date.now() / 1000;
      const hit = verified.get(token);
      if (hit !== undefined) {
        if (hit.exp > nowS) return hit;
        verified.delete(token);
        throw new AppError('unauthorized', 'The bearer token has expired');
      }
      let payload: JWTPayload;
      try {
        payload = await check(token);
      } catch (err) {
        throw toUnauthorized(err);
      }
      const claims: IdTokenClaims = {
        sub: String(payload.sub),
        email: typeof payload.email === 'string' ? payload.email : '',
        keyId: String(payload.key_id),
        partnerId: String(payload.partner_id),
        exp: payload.exp ?? 0,
      };
      if (verified.size >= MAX_CACHED_TOKENS) verified.clear();
      verified.set(token, claims);
      return claims;
    },
  };
}

function toUnauthorized(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof errors.JWTExpired) return new AppError('unauthorized', 'The bearer token has expired');
  if (err instanceof errors.JWTClaimValidationFailed) {
    return new AppError('unauthorized', `The bearer token's "${err.claim}" claim is not accepted here`);
  }
  if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWSSignatureVerificationFailed) {
    return new AppError('unauthorized', 'The bearer token is not signed by this service');
  }
  return new AppError('unauthorized', 'The bearer token is not a valid id token', { cause: err });
}
