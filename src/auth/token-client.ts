/**
 * @module Client side of the JWT bearer grant, as Google's libraries do it: sign an assertion with a
 * key file and post it to the file's `token_uri`. Used by `ordoscan token`, the demo and tests.
 */
import { importPKCS8, SignJWT } from 'jose';
import { AppError } from '../errors.js';
import { JWT_BEARER_GRANT } from './assertion.js';
import type { KeyFile } from './key-file.js';

/**
 * Signs an assertion (RS256, kid = private_key_id).
 * @param key - the key file
 * @param opts - target audience (default: the file's `audience`), lifetime (default 1 h), clock (tests)
 */
export async function signAssertion(
  key: Pick<KeyFile, 'private_key' | 'private_key_id' | 'client_email' | 'token_uri' | 'audience'>,
  opts: { targetAudience?: string; lifetimeS?: number; nowS?: number; audience?: string } = {},
): Promise<string> {
  const nowS = opts.nowS ?? Math.floor(Date.now() / 1000);
  const privateKey = await importPKCS8(key.private_key, 'RS256');
  return new SignJWT({ target_audience: opts.targetAudience ?? key.audience })
    .setProtectedHeader({ alg: 'RS256', kid: key.private_key_id, typ: 'JWT' })
    .setIssuer(key.client_email)
    .setSubject(key.client_email)
    .setAudience(opts.audience ?? key.token_uri)
    .setIssuedAt(nowS)
    .setExpirationTime(nowS + (opts.lifetimeS ?? 3600))
    .sign(privateKey);
}

/**
 * Gets an id_token from the key file's token endpoint.
 * @param key - the key file
 * @param targetAudience - overrides the file's `audience`
 * @returns the id_token
 * @throws AppError `unauthorized` with the server's reason, `unavailable` when it cannot be reached
 */
export async function fetchIdToken(key: KeyFile, targetAudience?: string): Promise<string> {
  const assertion = await signAssertion(key, { targetAudience: targetAudience ?? key.audience });
  let res: Response;
  try {
    res = await fetch(key.token_uri, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: JWT_BEARER_GRANT, assertion }).toString(),
    });
  } catch (cause) {
    throw new AppError('unavailable', `Cannot reach ${key.token_uri}: is the service running?`, { cause });
  }
  const body = (await res.json().catch(() => ({}))) as {
    id_token?: string;
    error?: string;
    error_description?: string;
  };
  if (!res.ok || typeof body.id_token !== 'string') {
    throw new AppError(
      'unauthorized',
      `${key.token_uri} refused the key: ${body.error ?? res.status} ${body.error_description ?? ''}`.trim(),
    );
  }
  return body.id_token;
}
