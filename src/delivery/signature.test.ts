import { createHash, webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { computeSignature, generateWebhookSecret, signatureHeader, verifySignature } from './signature.js';

/** HMAC-SHA256 written from RFC 2104 on top of plain SHA-256, independent of createHmac. */
function rfc2104HmacSha256(key: Buffer, message: Buffer): string {
  const block = 64;
  let k = key.length > block ? createHash('sha256').update(key).digest() : key;
  k = Buffer.concat([k, Buffer.alloc(block - k.length)]);
  const ipad = Buffer.from(k.map((b) => b ^ 0x36));
  const opad = Buffer.from(k.map((b) => b ^ 0x5c));
  const inner = createHash('sha256')
    .update(Buffer.concat([ipad, message]))
    .digest();
  return createHash('sha256')
    .update(Buffer.concat([opad, inner]))
    .digest('hex');
}

describe('webhook signature', () => {
  const secret = 'whsec_test_secret';
  const body = JSON.stringify({ resourceType: 'RequestGroup', text: 'é < & >' });

  it('matches an RFC 2104 HMAC computed independently over "t.body"', () => {
    const t = 1_700_000_000;
    expect(computeSignature(secret, t, body)).toBe(
      rfc2104HmacSha256(Buffer.from(secret), Buffer.from(`${t}.${body}`, 'utf8')),
    );
  });

  it('matches WebCrypto HMAC-SHA256 for a long key (hashed first)', async () => {
    const longKey = 'k'.repeat(100);
    const key = await webcrypto.subtle.importKey(
      'raw',
      Buffer.from(longKey),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    const mac = Buffer.from(await webcrypto.subtle.sign('HMAC', key, Buffer.from(`42.${body}`))).toString(
      'hex',
    );
    expect(computeSignature(longKey, 42, body)).toBe(mac);
    expect(rfc2104HmacSha256(Buffer.from(longKey), Buffer.from(`42.${body}`))).toBe(mac);
  });

  it('formats the header as t=<unix>,v1=<hex>', () => {
    expect(signatureHeader(secret, body, 1234)).toMatch(/^t=1234,v1=[0-9a-f]{64}$/);
  });

  it.each([
    ['a good signature', (h: string) => h, body, 1000, 'ok'],
    ['a tampered body', (h: string) => h, `${body} `, 1000, 'mismatch'],
    ['a wrong MAC', (h: string) => h.replace(/v1=./, 'v1=0'), body, 1000, 'mismatch'],
    ['an old timestamp', (h: string) => h, body, 1000 + 301, 'expired'],
    ['a garbage header', () => 'nonsense', body, 1000, 'malformed'],
    ['a second v1 during rotation', (h: string) => `${h},v1=${'0'.repeat(64)}`, body, 1000, 'ok'],
  ])('verifies %s', (_name, mutate, received, now, expected) => {
    const header = mutate(signatureHeader(secret, body, 1000));
    expect(verifySignature(secret, header, received, { now })).toBe(expected);
  });

  it('generates distinct secrets', () => {
    const a = generateWebhookSecret();
    expect(a).toMatch(/^whsec_[0-9a-f]{48}$/);
    expect(generateWebhookSecret()).not.toBe(a);
  });
});
