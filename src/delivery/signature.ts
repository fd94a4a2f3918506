/**
 * @module Webhook signatures. Every webhook body is signed with the facility's secret as
 * `Ordoscan-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` (the scheme used by
 * Stripe and others): the timestamp inside the MAC lets a receiver refuse replays, and several `v1`
 * values may be sent during a secret rotation. Pure: no I/O.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Name of the HTTP header carrying the signature. */
export const SIGNATURE_HEADER = 'Ordoscan-Signature';

/** Default tolerance between the signed timestamp and the receiver's clock, in seconds. */
export const DEFAULT_TOLERANCE_S = 300;

/**
 * Computes the hex HMAC-SHA256 of `"<t>.<body>"`.
 * @param secret - the facility's webhook secret
 * @param timestamp - unix seconds
 * @param body - the exact bytes sent
 */
export function computeSignature(secret: string, timestamp: number, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/**
 * Builds the signature header value.
 * @param secret - the facility's webhook secret
 * @param body - the exact bytes sent
 * @param timestamp - unix seconds (now by default)
 * @returns `t=<timestamp>,v1=<hex>`
 */
export function signatureHeader(secret: string, body: string | Buffer, timestamp = nowSeconds()): string {
  return `t=${timestamp},v1=${computeSignature(secret, timestamp, body)}`;
}

/** Why a signature was refused, or `ok`. */
export type SignatureCheck = 'ok' | 'malformed' | 'expired' | 'mismatch';

/**
 * Verifies a signature header (what a receiver does; also used by tests and the docs example).
 * @param secret - the shared secret
 * @param header - the received header value
 * @param body - the raw received body
 * @param opts - `toleranceS` (default 300) and `now` (unix seconds)
 */
export function verifySignature(
  secret: string,
  header: string,
  body: string | Buffer,
  opts: { toleranceS?: number; now?: number } = {},
): SignatureCheck {
  const parts = header.split(',').map((p) => p.trim().split('='));
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  const sigs = parts.filter(([k, v]) => k === 'v1' && v !== undefined).map(([, v]) => v as string);
  if (!Number.isInteger(t) || sigs.length === 0) return 'malformed';
  const now = opts.now ?? nowSeconds();
  if (Math.abs(now - t) > (opts.toleranceS ?? DEFAULT_TOLERANCE_S)) return 'expired';
  const expected = Buffer.from(computeSignature(secret, t, body), 'hex');
  const match = sigs.some((s) => {
    const got = Buffer.from(s, 'hex');
    return got.length === expected.length && timingSafeEqual(got, expected);
  });
  return match ? 'ok' : 'mismatch';
}

/** @returns a new random webhook secret (`whsec_` + 48 hex chars) */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('hex')}`;
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
