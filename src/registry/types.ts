/** @module Registry types: partners, service accounts and keys, facilities, users, scan sessions. */

export interface Partner {
  id: string;
  name: string;
  createdAt: Date;
}

/** How a facility treats an unknown `rpps` in a context call. */
export type Provisioning = 'auto' | 'registered';

/** Per-facility settings, stored as jsonb so later issues (delivery) can add keys. */
export interface FacilitySettings {
  /** `auto`: an unknown user is created enabled; `registered`: an unknown user is refused (403). */
  provisioning: Provisioning;
  /** Lifetime of a scan session from the context call, in minutes. */
  sessionTtlMinutes: number;
  /** Delivery settings (pull, FHIR, webhook, PN13, e-mail), owned by the delivery issue. */
  delivery?: Record<string, unknown>;
  [key: string]: unknown;
}

export const DEFAULT_FACILITY_SETTINGS: Readonly<FacilitySettings> = Object.freeze({
  provisioning: 'auto',
  sessionTtlMinutes: 60,
});

export interface Facility {
  id: string;
  slug: string;
  name: string;
  aliases: string[];
  settings: FacilitySettings;
  createdAt: Date;
}

export interface User {
  id: string;
  facilityId: string;
  rpps: string;
  firstName: string;
  lastName: string;
  importEnabled: boolean;
}

export interface ServiceAccountKey {
  /** private_key_id of the key file, also the `kid` of assertions. */
  id: string;
  serviceAccountId: string;
  clientEmail: string;
  partnerId: string;
  publicKeyPem: string;
  createdAt: Date;
  revokedAt: Date | null;
}

export const SCAN_SESSION_STATES = [
  'created',
  'opened',
  'reading',
  'ready',
  'validated',
  'cancelled',
  'expired',
] as const;

/** created → opened → reading → ready → validated / cancelled / expired. */
export type ScanSessionState = (typeof SCAN_SESSION_STATES)[number];

/** States after which a session can no longer be opened or edited. */
export const TERMINAL_STATES: readonly ScanSessionState[] = ['validated', 'cancelled', 'expired'];

export interface ScanSession {
  id: string;
  partnerId: string;
  serviceAccountId: string;
  facilityId: string;
  userId: string;
  patientId: string;
  pathway: 'standard' | 'preimported';
  /** Stored state; `expired` is also reported when `expiresAt` has passed. */
  state: ScanSessionState;
  expiresAt: Date;
  createdAt: Date;
  openedAt: Date | null;
}
