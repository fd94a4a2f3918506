/**
 * @module The RFC 7523 JWT bearer grant (https://www.rfc-editor.org/rfc/rfc7523#section-3): a partner
 * signs an assertion with its service-account key (RS256; iss = sub = client_email, aud = token_uri,
 * target_audience, iat, exp ≤ 1 h) and gets an Ordoscan id_token back — Google's service-account flow.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import type { Queryable } from '../store/db.js';
import { findActiveKeysByEmail, findKey } from '../registry/service-accounts.js';
import type { ServiceAccountKey } from '../registry/types.js';
import { ID_TOKEN_LIFETIME_S, signIdToken } from './id-token.js';
import type { SigningKey } from './signing-keys.js';

export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** Longest assertion lifetime accepted (Google: 1 h), plus clock skew. */
const MAX_ASSERTION_LIFETIME_S = 3600;
const CLOCK_SKEW_S = 60;

export interface TokenExchangeSettings {
  /** `PUBLIC_URL`: the id_token issuer. */
  issuer: string;
  /** The token endpoint URL: the assertion's required `aud`. */
  tokenUri: string;
  /** `OAUTH_CLIENT_ID`: the only `target_audience` issued. */
  audience: string;
}

/**
 * Google answers `{ id_token }` only; `access_token` (the same JWT) is added because RFC 6749 §5.1
 * requires it and standard OAuth clients (openid-client) reject a token response without it.
 */
export interface TokenResponse {
  id_token: string;
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

/** An RFC 6749 §5.2 error: `invalid_request`, `invalid_grant`, `unsupported_grant_type`… */
export class OAuthError extends Error {
  /**
   * @param error - OAuth error code
   * @param description - human-readable reason
   */
  constructor(
    readonly error: string,
    description: string,
  ) {
    super(description);
  }
}

const publicKeys = new WeakMap<object, Map<string, KeyObject>>();

/**
 * Verifies an assertion and issues an id_token.
 * @param db - database (partner keys)
 * @param signingKey - Ordoscan's key
 * @param settings - issuer, token URI, audience
 * @param assertion - the compact JWT posted by the partner
 * @throws OAuthError `invalid_grant` (bad, expired, revoked, unknown key) or `invalid_request`
 */
export async function exchangeAssertion(
  db: Queryable,
  signingKey: SigningKey,
  settings: TokenExchangeSettings,
  assertion: string,
): Promise<TokenResponse> {
  const { key, payload } = await verifyAssertion(db, settings, assertion);
  const target = payload.target_audience;
  if (typeof target !== 'string' || target === '') {
    throw new OAuthError(
      'invalid_request',
      'The assertion has no target_audience claim (the OAuth client id)',
    );
  }
  if (target !== settings.audience) {
    throw new OAuthError('invalid_request', `Unknown target_audience "${target}"`);
  }
  const idToken = await signIdToken(
    signingKey,
    { issuer: settings.issuer, audience: target },
    {
      serviceAccountId: key.serviceAccountId,
      email: key.clientEmail,
      keyId: key.id,
      partnerId: key.partnerId,
    },
  );
  return { id_token: idToken, access_token: idToken, token_type: 'Bearer', expires_in: ID_TOKEN_LIFETIME_S };
}

async function candidateKeys(db: Queryable, assertion: string): Promise<ServiceAccountKey[]> {
  let kid: string | undefined;
  let iss: unknown;
  try {
    kid = decodeProtectedHeader(assertion).kid;
    const body = assertion.split('.')[1] ?? '';
    iss = (JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as JWTPayload).iss;
  } catch {
    throw new OAuthError('invalid_grant', 'The assertion is not a JWT');
  }
  if (kid !== undefined) {
    const key = await findKey(db, kid);
    if (key === null) throw new OAuthError('invalid_grant', 'Unknown key id (kid)');
    if (key.revokedAt !== null) throw new OAuthError('invalid_grant', 'This key has been revoked');
    return [key];
  }
  if (typeof iss !== 'string') throw new OAuthError('invalid_grant', 'The assertion has no iss claim');
  const keys = await findActiveKeysByEmail(db, iss);
  if (keys.length === 0) throw new OAuthError('invalid_grant', 'No active key for this service account');
  return keys;
}

function publicKeyOf(db: Queryable, key: ServiceAccountKey): KeyObject {
  let cache = publicKeys.get(db);
  if (cache === undefined) {
    cache = new Map<string, KeyObject>();
    publicKeys.set(db, cache);
  }
  let k = cache.get(key.id);
  if (k === undefined) cache.set(key.id, (k = createPublicKey(key.publicKeyPem)));
  return k;
}

async function verifyAssertion(
  db: Queryable,
  settings: TokenExchangeSettings,
  assertion: string,
): Promise<{ key: ServiceAccountKey; payload: JWTPayload }> {
  const keys = await candidateKeys(db, assertion);
  let lastError: unknown;
  for (const key of keys) {
    try {
      const { payload } = await jwtVerify(assertion, publicKeyOf(db, key), {
        algorithms: ['RS256'],
        issuer: key.clientEmail,
        subject: key.clientEmail,
        audience: settings.tokenUri,
        requiredClaims: ['iat', 'exp'],
        clockTolerance: CLOCK_SKEW_S,
      });
      const iat = payload.iat ?? 0;
      const exp = payload.exp ?? 0;
      if (exp - iat > MAX_ASSERTION_LIFETIME_S) {
        throw new OAuthError('invalid_grant', 'The assertion lifetime (exp - iat) exceeds 1 hour');
      }
      if (iat > Date.now() / 1000 + CLOCK_SKEW_S) {
        throw new OAuthError('invalid_grant', 'The assertion iat is in the future');
      }
      return { key, payload };
    } catch (err) {
      lastError = err;
    }
  }
  throw describe(lastError);
}

function describe(err: unknown): OAuthError {
  if (err instanceof OAuthError) return err;
  if (err instanceof errors.JWTExpired) return new OAuthError('invalid_grant', 'The assertion has expired');
  if (err instanceof errors.JWTClaimValidationFailed) {
    return new OAuthError('invalid_grant', `The assertion's "${err.claim}" claim is wrong: ${err.message}`);
  }
  if (err instanceof errors.JWSSignatureVerificationFailed) {
    return new OAuthError('invalid_grant', 'The assertion signature does not match the key');
  }
  if (err instanceof errors.JOSEAlgNotAllowed) {
    return new OAuthError('invalid_grant', 'The assertion must be RS256');
  }
  return new OAuthError('invalid_grant', 'The assertion is not a valid JWT');
}
