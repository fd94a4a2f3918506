import { createServer } from 'node:net';
import { generateKeyPair, SignJWT, exportPKCS8 } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loadTestConfig, type TestApp } from '../../../test/helpers/app.js';
import { buildApp } from '../app.js';
import { createTestPartner, type TestPartner } from '../../../test/helpers/partner.js';
import { JWT_BEARER_GRANT } from '../../auth/assertion.js';
import { createIdTokenVerifier, signIdToken } from '../../auth/id-token.js';
import { createPartnerAuthenticator } from '../../auth/partner-context.js';
import { ensureSigningKey } from '../../auth/signing-keys.js';
import { signAssertion } from '../../auth/token-client.js';
import { revokeKey } from '../../registry/service-accounts.js';

let t: TestApp;
let p: TestPartner;

beforeAll(async () => {
  t = await buildTestApp({ deps: { partnerKeyCacheMs: 0 } });
  p = await createTestPartner(t);
});
afterAll(async () => t.close());

const postToken = (payload: Record<string, string>, form = false) =>
  t.app.inject({
    method: 'POST',
    url: '/oauth2/token',
    ...(form
      ? {
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams(payload).toString(),
        }
      : { payload }),
  });

const scanToken = (authorization: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/partners/patient/scan-token',
    headers: { authorization },
    payload: p.scanTokenBody,
  });

describe('POST /oauth2/token', () => {
  it.each([
    ['form', true],
    ['JSON', false],
  ])('issues an id token for a %s body that the partner API accepts', async (_n, form) => {
    const res = await postToken(
      { grant_type: JWT_BEARER_GRANT, assertion: await signAssertion(p.keyFile) },
      form,
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json<{ id_token: string; token_type: string; expires_in: number }>();
    expect(body.token_type).toBe('Bearer');
    expect(body.expires_in).toBe(3600);
    expect((await scanToken(`Bearer ${body.id_token}`)).statusCode).toBe(200);
  });

  const now = () => Math.floor(Date.now() / 1000);
  it.each([
    ['an expired assertion', () => signAssertion(p.keyFile, { nowS: now() - 7200 })],
    ['a lifetime over 1 h', () => signAssertion(p.keyFile, { lifetimeS: 7200 })],
    ['a wrong aud', () => signAssertion(p.keyFile, { audience: 'https://oauth2.googleapis.com/token' })],
    [
      'an unregistered key claiming a registered kid',
      async () => {
        const { privateKey } = await generateKeyPair('RS256', { extractable: true });
        return signAssertion({ ...p.keyFile, private_key: await exportPKCS8(privateKey) });
      },
    ],
    ['an unknown kid', () => signAssertion({ ...p.keyFile, private_key_id: 'f'.repeat(40) })],
    ['not a JWT', () => Promise.resolve('abc')],
  ])('refuses %s with invalid_grant', async (_n, make) => {
    const res = await postToken({ grant_type: JWT_BEARER_GRANT, assertion: await make() });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: string }>().error).toBe('invalid_grant');
  });

  it('refuses another target_audience, a missing assertion and another grant type', async () => {
    const other = await postToken({
      grant_type: JWT_BEARER_GRANT,
      assertion: await signAssertion(p.keyFile, { targetAudience: 'someone-else' }),
    });
    expect(other.json()).toMatchObject({ error: 'invalid_request' });
    expect((await postToken({ grant_type: JWT_BEARER_GRANT })).json()).toMatchObject({
      error: 'invalid_request',
    });
    expect((await postToken({ grant_type: 'password' })).json()).toMatchObject({
      error: 'unsupported_grant_type',
    });
  });

  it('refuses a revoked key', async () => {
    const q = await createTestPartner(t);
    await revokeKey(t.db, q.keyFile.private_key_id);
    const res = await postToken({ grant_type: JWT_BEARER_GRANT, assertion: await signAssertion(q.keyFile) });
    expect(res.json()).toMatchObject({
      error: 'invalid_grant',
      error_description: 'This key has been revoked',
    });
  });
});

describe('partner API bearer checks', () => {
  const subject = () => ({
    serviceAccountId: p.keyFile.client_id,
    email: p.keyFile.client_email,
    keyId: p.keyFile.private_key_id,
    partnerId: p.partner.id,
  });

  it('accepts a token it signed itself (control for the cases below)', async () => {
    const key = await ensureSigningKey(t.db);
    const token = await signIdToken(
      key,
      { issuer: t.config.publicUrl, audience: t.config.oauthClientId },
      subject(),
    );
    expect((await scanToken(`Bearer ${token}`)).statusCode).toBe(200);
  });

  it.each([
    ['a wrong audience', { audience: 'another-client' }, 0],
    ['a wrong issuer', { issuer: 'https://accounts.google.com' }, 0],
    ['an expired token', {}, -7200],
  ])('answers 401 for %s', async (_n, override, shiftS) => {
    const key = await ensureSigningKey(t.db);
    const settings = { issuer: t.config.publicUrl, audience: t.config.oauthClientId, ...override };
    const token = await signIdToken(key, settings, subject(), Math.floor(Date.now() / 1000) + shiftS);
    const res = await scanToken(`Bearer ${token}`);
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
  });

  it('answers 401 for a token signed by an unknown key with our kid', async () => {
    const ours = await ensureSigningKey(t.db);
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT({ key_id: p.keyFile.private_key_id, partner_id: p.partner.id })
      .setProtectedHeader({ alg: 'RS256', kid: ours.kid })
      .setIssuer(t.config.publicUrl)
      .setAudience(t.config.oauthClientId)
      .setSubject(p.keyFile.client_id)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
    expect((await scanToken(`Bearer ${token}`)).statusCode).toBe(401);
  });

  it('refuses a revoked key at once on the context call, and within the cache delay elsewhere', async () => {
    const q = await createTestPartner(t);
    const auth = createPartnerAuthenticator(
      t.db,
      createIdTokenVerifier(t.db, { issuer: t.config.publicUrl, audience: t.config.oauthClientId }),
      300,
    );
    await expect(auth.authenticate(q.headers.authorization)).resolves.toMatchObject({
      partnerId: q.partner.id,
    });
    await revokeKey(t.db, q.keyFile.private_key_id);
    // Generic partner routes may reuse the key state for up to the cache delay…
    await expect(auth.authenticate(q.headers.authorization)).resolves.toMatchObject({
      partnerId: q.partner.id,
    });
    await new Promise((r) => setTimeout(r, 350));
    await expect(auth.authenticate(q.headers.authorization)).rejects.toThrow(/revoked/);
    // …the context call re-checks the key in SQL, so it is refused at once whatever the cache.
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/partners/patient/scan-token',
      headers: q.headers,
      payload: q.scanTokenBody,
    });
    expect(res.statusCode).toBe(401);
  });
});

describe('discovery documents', () => {
  it('serves JWKS, OpenID configuration and the OpenAPI document of the partner API', async () => {
    const jwks = (await t.app.inject('/.well-known/jwks.json')).json<{
      keys: { kid: string; kty: string }[];
    }>();
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', kid: (await ensureSigningKey(t.db)).kid });
    const conf = (await t.app.inject('/.well-known/openid-configuration')).json<Record<string, unknown>>();
    expect(conf).toMatchObject({
      issuer: t.config.publicUrl,
      token_endpoint: `${t.config.publicUrl}/oauth2/token`,
    });
    const api = (await t.app.inject('/openapi.json')).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    const op = api.paths['/api/partners/patient/scan-token']?.post as { responses: Record<string, unknown> };
    expect(Object.keys(op.responses).sort()).toEqual(['200', '400', '401', '403', '413']);
    expect(api.paths['/api/app/session']).toBeUndefined();
  });
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe('with a standard OIDC client (openid-client)', () => {
  it('discovers the issuer, runs the JWT bearer grant and validates the id token against the JWKS', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    // A second app on the same database, whose PUBLIC_URL is its real address (discovery checks the issuer).
    const config = loadTestConfig({ PUBLIC_URL: base });
    const live = { app: await buildApp({ config, db: t.db }, { logger: false }), db: t.db, config };
    try {
      await live.app.listen({ port, host: '127.0.0.1' });
      const q = await createTestPartner(live);
      const client = await oidc.discovery(new URL(base), live.config.oauthClientId, undefined, oidc.None(), {
        execute: [oidc.allowInsecureRequests],
      });
      const tokens = await oidc.genericGrantRequest(client, JWT_BEARER_GRANT, {
        assertion: await signAssertion(q.keyFile),
      });
      const claims = tokens.claims();
      expect(claims).toMatchObject({ iss: base, aud: live.config.oauthClientId, sub: q.keyFile.client_id });
      const res = await fetch(`${base}/api/partners/patient/scan-token`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.id_token ?? ''}`, 'content-type': 'application/json' },
        body: JSON.stringify(q.scanTokenBody),
      });
      expect(res.status).toBe(200);
    } finally {
      await live.app.close();
    }
  });
});
