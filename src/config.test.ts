import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { DEFAULT_RETRY_DELAYS_MS } from './delivery/retry-policy.js';

describe('loadConfig: job lease and delivery retry schedule', () => {
  it('defaults to a 30 s lease and the ~26 h schedule', () => {
    const c = loadConfig({});
    expect(c.jobLeaseMs).toBe(30_000);
    expect(c.deliveryRetryDelaysMs).toEqual(DEFAULT_RETRY_DELAYS_MS);
  });

  it('reads JOB_LEASE_MS and DELIVERY_RETRY_SCHEDULE (seconds)', () => {
    const c = loadConfig({ JOB_LEASE_MS: '2000', DELIVERY_RETRY_SCHEDULE: '0.5, 60,3600' });
    expect(c.jobLeaseMs).toBe(2000);
    expect(c.deliveryRetryDelaysMs).toEqual([500, 60_000, 3_600_000]);
  });

  it('names each bad value', () => {
    for (const [key, value] of [
      ['JOB_LEASE_MS', '10'],
      ['DELIVERY_RETRY_SCHEDULE', '30,,60'],
      ['DELIVERY_RETRY_SCHEDULE', '30,1e9'],
      ['DELIVERY_RETRY_SCHEDULE', 'soon'],
    ] as const) {
      expect(() => loadConfig({ [key]: value })).toThrow(new RegExp(`Invalid configuration: ${key}`));
    }
  });
});
