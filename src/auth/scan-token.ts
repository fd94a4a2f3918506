/**
 * @module The one-time Scan & Go token: `<32 hex session id>|<80 hex secret>`, URL-encoded as in the
 * Scan & Go reference (`%7C`). Only sha256(secret) is stored; comparison is constant-time.
 */
import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

export interface ScanToken {
  sessionId: string;
  secret: string;
  /** The token as handed out: `<id>%7C<secret>`. */
  encoded: string;
}

const TOKEN = /^([0-9a-f]{32})\|([0-9a-f]{80})$/;

const ID_BYTES = 16;
const SECRET_BYTES = 40;
const TOKEN_BYTES = ID_BYTES + SECRET_BYTES;
/** Tokens drawn per call to the system CSPRNG (one call per token costs more than the rest of it). */
const POOLED_TOKENS = 128;
let pool = Buffer.alloc(0);
let poolOffset = 0;

/** @returns a fresh session id and secret (CSPRNG bytes, each used once and wiped from the pool) */
export function newScanToken(): ScanToken {
  if (poolOffset + TOKEN_BYTES > pool.length) {
    pool = randomBytes(TOKEN_BYTES * POOLED_TOKENS);
    poolOffset = 0;
  }
  const bytes = pool.subarray(poolOffset, poolOffset + TOKEN_BYTES);
  poolOffset += TOKEN_BYTES;
  const sessionId = bytes.toString('hex', 0, ID_BYTES);
  const secret = bytes.toString('hex', ID_BYTES);
  bytes.fill(0);
  return { sessionId, secret, encoded: `${sessionId}%7C${secret}` };
}

/**
 * Parses a token as sent back by the web app: URL-encoded (`%7C`) or decoded (`|`).
 * @param token - the token text
 * @returns id and secret, or null when malformed
 */
export function parseScanToken(token: string): { sessionId: string; secret: string } | null {
  const m = TOKEN.exec(token.trim().replace(/%7c/gi, '|').toLowerCase());
  return m === null ? null : { sessionId: m[1] as string, secret: m[2] as string };
}

/** @returns sha256 of a secret (what is stored) */
export function hashSecret(secret: string): Buffer {
  return hash('sha256', secret, 'buffer');
}

/**
 * Constant-time check of a secret against its stored hash.
 * @param secret - the presented secret
 * @param storedHash - sha256 from the database
 */
export function secretMatches(secret: string, storedHash: Uint8Array): boolean {
  const h = hashSecret(secret);
  return storedHash.length === h.length && timingSafeEqual(h, storedHash);
}
