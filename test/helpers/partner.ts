/**
 * @module Test builder: a partner with a facility, a user enabled for import, a key file and a ready
 * bearer token obtained through the real `/oauth2/token`. Every call creates unique names.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { JWT_BEARER_GRANT } from '../../src/auth/assertion.js';
import type { KeyFile } from '../../src/auth/key-file.js';
import { createServiceAccountKey } from '../../src/auth/partner-keys.js';
import { signAssertion } from '../../src/auth/token-client.js';
import type { Config } from '../../src/config.js';
import { insertFacility } from '../../src/registry/facilities.js';
import { grantFacility, insertPartner } from '../../src/registry/partners.js';
import type { Facility, FacilitySettings, Partner, User } from '../../src/registry/types.js';
import { insertUser } from '../../src/registry/users.js';
import type { Db } from '../../src/store/db.js';

export interface TestPartner {
  partner: Partner;
  facility: Facility;
  user: User;
  keyFile: KeyFile;
  /** The id_token. */
  token: string;
  /** `{ authorization: 'Bearer <token>' }` for inject(). */
  headers: { authorization: string };
  /** A valid scan-token body for this facility and user (patientId unique). */
  scanTokenBody: {
    first_name: string;
    last_name: string;
    rpps: string;
    facilitySlug: string;
    patientId: string;
  };
}

/**
 * Gets an id_token for a key file through the app's token endpoint.
 * @param app - the app
 * @param keyFile - the partner key
 */
export async function idTokenFor(app: FastifyInstance, keyFile: KeyFile): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/oauth2/token',
    payload: { grant_type: JWT_BEARER_GRANT, assertion: await signAssertion(keyFile) },
  });
  if (res.statusCode !== 200) throw new Error(`token endpoint answered ${res.statusCode}: ${res.body}`);
  return res.json<{ id_token: string }>().id_token;
}

/**
 * Creates a partner, a facility it may use, a user and a key; returns a ready bearer token.
 * @param t - app, database and config (as returned by buildTestApp)
 * @param opts - facility settings, aliases, user import flag
 */
export async function createTestPartner(
  t: { app: FastifyInstance; db: Db; config: Config },
  opts: { settings?: Partial<FacilitySettings>; aliases?: string[]; importEnabled?: boolean } = {},
): Promise<TestPartner> {
  const tag = randomBytes(4).toString('hex');
  const partner = await insertPartner(t.db, `Partner ${tag}`);
  const facility = await insertFacility(t.db, {
    slug: `facility-${tag}`,
    name: `Hôpital ${tag}`,
    aliases: opts.aliases ?? [],
    settings: opts.settings ?? {},
  });
  await grantFacility(t.db, partner.id, facility.id);
  const user = await insertUser(t.db, {
    facilityId: facility.id,
    rpps: `rpps${tag}`,
    firstName: 'John',
    lastName: 'Carter',
    importEnabled: opts.importEnabled ?? true,
  });
  const keyFile = await createServiceAccountKey(
    t.db,
    { publicUrl: t.config.publicUrl, oauthClientId: t.config.oauthClientId },
    partner.id,
  );
  const token = await idTokenFor(t.app, keyFile);
  return {
    partner,
    facility,
    user,
    keyFile,
    token,
    headers: { authorization: `Bearer ${token}` },
    scanTokenBody: {
      first_name: 'John',
      last_name: 'Carter',
      rpps: user.rpps,
      facilitySlug: facility.slug,
      patientId: `P-${randomBytes(4).toString('hex')}`,
    },
  };
}
