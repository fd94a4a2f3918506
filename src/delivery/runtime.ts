/**
 * @module What delivery attempts need at run time, built once from the configuration in the
 * composition root and handed to the `deliver-prescription` task.
 */
import type { Config } from '../config.js';
import { createMailer, type Mailer } from './mailer.js';
import { DEFAULT_RETRY_DELAYS_MS } from './retry-policy.js';

export interface DeliveryRuntime {
  /** SMTP transport, null when `SMTP_URL` is not set (e-mail deliveries then fail with that reason). */
  mailer: Mailer | null;
  /** Delay after each failed attempt; its length + 1 is the number of attempts. */
  retryDelaysMs: readonly number[];
  webhookTimeoutMs: number;
  /** Time zone of PN13 dates. */
  timeZone: string;
}

/** Dependencies of the delivery task, as a worker provides them. */
export interface DeliveryDeps {
  delivery: DeliveryRuntime;
}

/** What the delivery runtime reads from the configuration (the retry schedule is optional). */
export type DeliveryConfig = Pick<Config, 'smtpUrl' | 'mailFrom' | 'webhookTimeoutMs'> &
  Partial<Pick<Config, 'deliveryRetryDelaysMs'>>;

/**
 * @param config - `smtpUrl`, `mailFrom`, `webhookTimeoutMs`, `deliveryRetryDelaysMs` (default schedule)
 * @param overrides - tests shorten the retry schedule
 */
export function createDeliveryRuntime(
  config: DeliveryConfig,
  overrides: Partial<DeliveryRuntime> = {},
): DeliveryRuntime {
  return {
    mailer: config.smtpUrl === null ? null : createMailer(config.smtpUrl, config.mailFrom),
    retryDelaysMs: config.deliveryRetryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
    webhookTimeoutMs: config.webhookTimeoutMs,
    timeZone: 'Europe/Paris',
    ...overrides,
  };
}
