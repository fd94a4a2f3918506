/**
 * @module Which job failures are worth retrying. Like graphile-worker's `RETRYABLE_ERROR_CODES`, the
 * decision comes from tables, not from scattered `instanceof` checks: bad input (an `AppError` whose
 * code says the input itself is wrong) fails the job for good at once; a database or network hiccup,
 * an unavailable dependency or an unexpected exception is retried with exponential backoff until
 * the job's `max_attempts` is used up.
 */
import { AppError, type ErrorCode } from '../errors.js';

/** AppError codes that no retry can fix: the input or the state is wrong, not the moment. */
export const PERMANENT_APP_ERROR_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'invalid',
  'unauthorized',
  'forbidden',
  'not-found',
  'conflict',
  'gone',
  'too-large',
  'unsupported-media',
]);

/**
 * PostgreSQL SQLSTATEs that are transient (https://www.postgresql.org/docs/current/errcodes-appendix.html).
 * Listed for documentation and logs: every error not classified permanent is retried anyway.
 */
export const RETRYABLE_SQLSTATES: Readonly<Record<string, string>> = {
  '40001': 'serialization_failure',
  '40P01': 'deadlock_detected',
  '55P03': 'lock_not_available',
  '57P01': 'admin_shutdown',
  '57P02': 'crash_shutdown',
  '57P03': 'cannot_connect_now',
  '53300': 'too_many_connections',
  '08000': 'connection_exception',
  '08003': 'connection_does_not_exist',
  '08006': 'connection_failure',
};

/** PostgreSQL SQLSTATE classes that mean the job's own data is wrong (22 data exception, 23 constraint). */
const PERMANENT_SQLSTATE_CLASSES = ['22', '23'];

export interface ErrorVerdict {
  retryable: boolean;
  /** One line for the job row and the UI: what went wrong, never a stack trace. */
  message: string;
}

/**
 * Classifies a failure.
 * @param err - what the task threw
 */
export function classifyError(err: unknown): ErrorVerdict {
  if (err instanceof AppError) {
    return { retryable: !PERMANENT_APP_ERROR_CODES.has(err.code), message: err.message };
  }
  const code = (err as { code?: unknown } | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
    if (code in RETRYABLE_SQLSTATES) return { retryable: true, message: `Database: ${message}` };
    if (PERMANENT_SQLSTATE_CLASSES.includes(code.slice(0, 2))) {
      return { retryable: false, message: `Database rejected the data: ${message}` };
    }
  }
  return { retryable: true, message: message === '' ? 'Unexpected error' : message };
}

/**
 * Exponential backoff with ±20 % jitter, so jobs that failed together do not retry together.
 * @param attempt - the attempt that just failed, from 1
 * @param baseMs - delay after the first failure
 * @param maxMs - upper bound
 * @param random - source of jitter in [0, 1)
 */
export function backoffMs(attempt: number, baseMs = 1000, maxMs = 5 * 60_000, random = Math.random): number {
  const plain = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(plain * (0.8 + 0.4 * random()));
}
