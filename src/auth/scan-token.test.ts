import { describe, expect, it } from 'vitest';
import { hashSecret, newScanToken, parseScanToken, secretMatches } from './scan-token.js';

describe('scan token', () => {
  it('has the seed shape: 32 hex, %7C, 80 hex, and differs every time', () => {
    const a = newScanToken();
    expect(a.encoded).toMatch(/^[0-9a-f]{32}%7C[0-9a-f]{80}$/);
    expect(newScanToken().encoded).not.toBe(a.encoded);
  });

  it('never repeats an id or a secret across refills of the random pool', () => {
    const tokens = Array.from({ length: 1000 }, () => newScanToken());
    expect(new Set(tokens.map((t) => t.sessionId)).size).toBe(1000);
    expect(new Set(tokens.map((t) => t.secret)).size).toBe(1000);
    expect(tokens.some((t) => /^0+$/.test(t.sessionId) || /^0+$/.test(t.secret))).toBe(false);
  });

  it.each([
    ['URL-encoded', (t: string) => t],
    ['decoded', (t: string) => t.replace('%7C', '|')],
    ['lower-case %7c', (t: string) => t.replace('%7C', '%7c')],
  ])('parses the %s form', (_n, form) => {
    const t = newScanToken();
    expect(parseScanToken(form(t.encoded))).toEqual({ sessionId: t.sessionId, secret: t.secret });
  });

  it.each(['', 'abc', `${'a'.repeat(32)}%7C${'b'.repeat(79)}`, `${'g'.repeat(32)}|${'b'.repeat(80)}`])(
    'rejects malformed token %#',
    (bad) => {
      expect(parseScanToken(bad)).toBeNull();
    },
  );

  it('matches a secret only against its own hash', () => {
    const t = newScanToken();
    expect(secretMatches(t.secret, hashSecret(t.secret))).toBe(true);
    expect(secretMatches(newScanToken().secret, hashSecret(t.secret))).toBe(false);
    expect(secretMatches(t.secret, new Uint8Array(3))).toBe(false);
  });
});
