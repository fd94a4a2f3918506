/**
 * @module `ordoscan facilities delivery SLUG …`: shows or changes a facility's delivery settings
 * (push channels, webhook URL and secret, e-mail recipients, PN13). A new webhook secret is
 * generated when a webhook URL is first set, or with `--rotate-secret`, and printed once.
 */
import { AppError } from '../errors.js';
import { generateWebhookSecret } from '../delivery/signature.js';
import {
  checkDeliverySettings,
  readDeliverySettings,
  redactDeliverySettings,
  type DeliverySettings,
  type PushChannel,
} from '../delivery/settings.js';
import { getFacility, updateFacilitySettings } from '../registry/facilities.js';
import { parseOptions, str, withDb } from './admin-args.js';
import type { Command } from './types.js';

const USAGE =
  'facilities delivery <slug> [--channels webhook,email|none] [--webhook-url <url>|none] [--webhook-secret <s>] ' +
  '[--rotate-secret] [--email <addr>]… [--no-email] [--pn13 on|off] [--pn13-unit <code>]';

function onOff(v: string): boolean {
  if (v === 'on' || v === 'true') return true;
  if (v === 'off' || v === 'false') return false;
  throw new AppError('invalid', `--pn13 must be on or off, got "${v}"`);
}

/**
 * Applies command-line options to the current settings.
 * @param current - stored settings
 * @param v - parsed options
 * @returns the new settings and the secret to print, if one was generated
 */
export function applyDeliveryOptions(
  current: DeliverySettings,
  v: Record<string, string | boolean | string[] | undefined>,
): { settings: DeliverySettings; newSecret: string | null } {
  const s: DeliverySettings = { ...current };
  let newSecret: string | null = null;
  if (typeof v['webhook-url'] === 'string') {
    s.webhookUrl = v['webhook-url'] === 'none' ? null : v['webhook-url'];
  }
  if (typeof v['webhook-secret'] === 'string') s.webhookSecret = v['webhook-secret'];
  else if (v['rotate-secret'] === true || (s.webhookUrl !== null && s.webhookSecret === null)) {
    newSecret = generateWebhookSecret();
    s.webhookSecret = newSecret;
  }
  if (v['no-email'] === true) s.emailTo = [];
  if (Array.isArray(v.email)) s.emailTo = v.email;
  if (typeof v.pn13 === 'string') s.pn13 = onOff(v.pn13);
  if (typeof v['pn13-unit'] === 'string') {
    s.pn13MedicalUnit = v['pn13-unit'] === 'none' ? null : v['pn13-unit'];
  }
  if (typeof v.channels === 'string') {
    const list = v.channels === 'none' ? [] : v.channels.split(',').map((c) => c.trim());
    const bad = list.filter((c) => c !== 'webhook' && c !== 'email');
    if (bad.length > 0) {
      throw new AppError('invalid', `--channels takes webhook, email or none; got "${bad.join(', ')}"`);
    }
    s.channels = [...new Set(list)] as PushChannel[];
  } else {
    // Setting a target without naming channels turns its channel on.
    if (typeof v['webhook-url'] === 'string' && s.webhookUrl !== null && !s.channels.includes('webhook')) {
      s.channels = [...s.channels, 'webhook'];
    }
    if (Array.isArray(v.email) && !s.channels.includes('email')) s.channels = [...s.channels, 'email'];
  }
  if (s.webhookUrl === null) s.channels = s.channels.filter((c) => c !== 'webhook');
  checkDeliverySettings(s);
  return { settings: s, newSecret };
}

export const facilitiesDeliveryCommand: Command = {
  name: ['facilities', 'delivery'],
  summary: "show or change a facility's delivery (webhook, e-mail, PN13)",
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, {
      channels: { type: 'string' },
      'webhook-url': { type: 'string' },
      'webhook-secret': { type: 'string' },
      'rotate-secret': { type: 'boolean' },
      email: { type: 'string', multiple: true },
      'no-email': { type: 'boolean' },
      pn13: { type: 'string' },
      'pn13-unit': { type: 'string' },
    });
    const slug = positionals[0];
    if (slug === undefined) {
      throw new AppError('invalid', `Missing the facility slug. Usage: ordoscan ${USAGE}`);
    }
    const changes = Object.values(values).some((x) => x !== undefined);
    const out = await withDb(io, async (db) => {
      const f = await getFacility(db, slug);
      const current = readDeliverySettings(f.settings.delivery);
      if (!changes) return { slug: f.slug, settings: current, newSecret: null };
      const next = applyDeliveryOptions(current, values);
      const saved = await updateFacilitySettings(db, f.id, { delivery: { ...next.settings } });
      return {
        slug: saved.slug,
        settings: readDeliverySettings(saved.settings.delivery),
        newSecret: next.newSecret,
      };
    });
    io.out(`Facility "${out.slug}" delivery: ${JSON.stringify(redactDeliverySettings(out.settings))}`);
    if (out.newSecret !== null) {
      io.out(
        `Webhook secret (shown once; give it to the receiver to verify Ordoscan-Signature): ${out.newSecret}`,
      );
    }
    io.out(
      `Pull API and FHIR endpoint: /api/partners/prescriptions?facilitySlug=${str(out.slug)}, /fhir/r4/${out.slug}`,
    );
    return 0;
  },
};
