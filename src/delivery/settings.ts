/**
 * @module A facility's delivery settings, kept under `facilities.settings.delivery` (jsonb). Pull and
 * the FHIR endpoint are always on for the partners of the facility; `webhook` and `email` are pushed
 * on validation when listed in `channels`. Pure: parsing and checking only.
 */
import { AppError, type ErrorDetail } from '../errors.js';

export type PushChannel = 'webhook' | 'email';

export interface DeliverySettings {
  /** Push channels used on validation. */
  channels: PushChannel[];
  /** Webhook endpoint (https, or http for a local/private network receiver). */
  webhookUrl: string | null;
  /** HMAC secret of the `Ordoscan-Signature` header. */
  webhookSecret: string | null;
  /** Recipients of the e-mail channel ("mailbox" for software without an API). */
  emailTo: string[];
  /** Attach (e-mail) and offer (pull) the PN13 message too. */
  pn13: boolean;
  /** PN13 `Unité_resp_médicale` code of the facility, when the receiver needs it. */
  pn13MedicalUnit: string | null;
}

export const DEFAULT_DELIVERY_SETTINGS: Readonly<DeliverySettings> = Object.freeze({
  channels: [],
  webhookUrl: null,
  webhookSecret: null,
  emailTo: [],
  pn13: false,
  pn13MedicalUnit: null,
});

const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

/**
 * Reads the stored settings, filling defaults; unknown keys are ignored.
 * @param raw - `facilities.settings.delivery`
 */
export function readDeliverySettings(raw: unknown): DeliverySettings {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<DeliverySettings>;
  return {
    channels: Array.isArray(r.channels) ? r.channels.filter((c) => c === 'webhook' || c === 'email') : [],
    webhookUrl: typeof r.webhookUrl === 'string' ? r.webhookUrl : null,
    webhookSecret: typeof r.webhookSecret === 'string' ? r.webhookSecret : null,
    emailTo: Array.isArray(r.emailTo) ? r.emailTo.filter((e): e is string => typeof e === 'string') : [],
    pn13: r.pn13 === true,
    pn13MedicalUnit: typeof r.pn13MedicalUnit === 'string' ? r.pn13MedicalUnit : null,
  };
}

/**
 * Checks settings before they are stored.
 * @param s - the settings
 * @throws AppError `invalid` listing every bad field
 */
export function checkDeliverySettings(s: DeliverySettings): void {
  const bad: ErrorDetail[] = [];
  if (s.webhookUrl !== null) {
    try {
      const u = new URL(s.webhookUrl);
      if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('protocol');
    } catch {
      bad.push({ field: 'webhookUrl', message: `must be an http(s) URL, got "${s.webhookUrl}"` });
    }
  }
  if (s.channels.includes('webhook') && (s.webhookUrl === null || s.webhookSecret === null)) {
    bad.push({ field: 'channels', message: 'the webhook channel needs a webhook URL and secret' });
  }
  if (s.webhookSecret !== null && s.webhookSecret.length < 16) {
    bad.push({ field: 'webhookSecret', message: 'must be at least 16 characters' });
  }
  for (const e of s.emailTo) {
    if (!EMAIL.test(e)) bad.push({ field: 'emailTo', message: `"${e}" is not an e-mail address` });
  }
  if (s.channels.includes('email') && s.emailTo.length === 0) {
    bad.push({ field: 'channels', message: 'the email channel needs at least one address' });
  }
  if (bad.length > 0) {
    throw new AppError(
      'invalid',
      `Invalid delivery settings: ${bad.map((b) => `${b.field} ${b.message}`).join('; ')}`,
      {
        details: bad,
      },
    );
  }
}

/** The settings without the webhook secret, for listings. */
export function redactDeliverySettings(s: DeliverySettings): Omit<DeliverySettings, 'webhookSecret'> & {
  webhookSecret: string | null;
} {
  return { ...s, webhookSecret: s.webhookSecret === null ? null : `${s.webhookSecret.slice(0, 10)}…` };
}
