/**
 * @module When a failed push is tried again. The schedule spans a little over 24 hours (a receiver down
 * for a day still gets the prescription) with growing gaps, and a small positive jitter so deliveries
 * that failed together do not retry together. Pure.
 */

/** Delay after attempt n (index n-1): 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 4 h, 6 h, 6 h, 6 h ≈ 25.7 h in all. */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [
  30e3,
  2 * 60e3,
  10 * 60e3,
  30 * 60e3,
  3600e3,
  2 * 3600e3,
  4 * 3600e3,
  6 * 3600e3,
  6 * 3600e3,
  6 * 3600e3,
];

/**
 * @param attempt - the attempt that just failed, from 1
 * @param delays - the schedule
 * @param random - jitter source in [0, 1): adds up to 10 %
 * @returns the delay before the next attempt, or null when the schedule is exhausted
 */
export function retryDelayMs(
  attempt: number,
  delays: readonly number[],
  random = Math.random,
): number | null {
  const base = delays[attempt - 1];
  return base === undefined ? null : Math.round(base * (1 + 0.1 * random()));
}

/** @returns the total time the schedule covers without jitter, in ms */
export function scheduleSpanMs(delays: readonly number[]): number {
  return delays.reduce((a, b) => a + b, 0);
}

/**
 * HTTP answers after which retrying cannot help: the receiver says the endpoint is gone (410) or the
 * request itself is wrong (400, 401, 403, 404, 413, 415, 422 — fix the settings, then redeliver).
 */
const PERMANENT_HTTP = new Set([400, 401, 403, 404, 410, 413, 415, 422]);

/** @returns how an HTTP status ends an attempt */
export function classifyHttpStatus(status: number): 'delivered' | 'retry' | 'failed' {
  if (status >= 200 && status < 300) return 'delivered';
  return PERMANENT_HTTP.has(status) ? 'failed' : 'retry';
}
