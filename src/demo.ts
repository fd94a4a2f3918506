/**
 * @module Demo bootstrap: on an empty database (no partner, no facility) creates facility
 * `hospital-demo` (alias `hopital-demo`), user `abcde1234` (the seed's test user), a demo partner and
 * its key file at `DATA_DIR/keys/demo-service-account.json`, so a fresh `npm start` can be tried at
 * once. `DEMO=false` turns it off.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createServiceAccountKey } from './auth/partner-keys.js';
import type { Config } from './config.js';
import { findFacility, insertFacility } from './registry/facilities.js';
import { grantFacility, insertPartner } from './registry/partners.js';
import { insertUser } from './registry/users.js';
import type { Db } from './store/db.js';

export const DEMO_FACILITY = 'hospital-demo';
export const DEMO_ALIAS = 'hopital-demo';
export const DEMO_USER = 'abcde1234';
export const DEMO_PARTNER = 'Demo partner';

export interface DemoInfo {
  /** Whether the demo data were created by this call (false: they existed). */
  created: boolean;
  keyFilePath: string;
  /** Whether the key file is present (it is written once; a deleted file cannot be re-created). */
  keyFileExists: boolean;
}

/** @returns the demo key file path under DATA_DIR */
export const demoKeyFilePath = (config: Pick<Config, 'dataDir'>): string =>
  path.join(config.dataDir, 'keys', 'demo-service-account.json');

/**
 * Creates the demo data on an empty database.
 * @param db - migrated database
 * @param config - data dir, public URL, OAuth client id
 * @returns what exists for the demo, or null when the database holds other data and no demo facility
 */
export async function bootstrapDemo(db: Db, config: Config): Promise<DemoInfo | null> {
  const keyFilePath = demoKeyFilePath(config);
  const counts = await db.query<{ n: number }>(
    'select (select count(*) from partners)::int + (select count(*) from facilities)::int as n',
  );
  if ((counts.rows[0]?.n ?? 0) > 0) {
    if ((await findFacility(db, DEMO_FACILITY)) === null) return null;
    return { created: false, keyFilePath, keyFileExists: fs.existsSync(keyFilePath) };
  }
  const keyFile = await db.transaction(async (tx) => {
    const facility = await insertFacility(tx, {
      slug: DEMO_FACILITY,
      name: 'Hôpital de démonstration',
      aliases: [DEMO_ALIAS],
    });
    await insertUser(tx, { facilityId: facility.id, rpps: DEMO_USER, firstName: 'John', lastName: 'Carter' });
    const partner = await insertPartner(tx, DEMO_PARTNER);
    await grantFacility(tx, partner.id, facility.id);
    return partner;
  });
  const file = await createServiceAccountKey(db, config, keyFile.id, 'demo');
  fs.mkdirSync(path.dirname(keyFilePath), { recursive: true });
  // The database is new, so any older file holds a key it does not know: replace it.
  fs.writeFileSync(keyFilePath, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  return { created: true, keyFilePath, keyFileExists: true };
}

/**
 * The start-up message: URLs and a ready-to-paste command that gets a token and calls scan-token.
 * @param config - public and scan app URLs
 * @param info - from bootstrapDemo
 * @param cwd - to print the key file path relative to it
 */
export function demoInstructions(config: Config, info: DemoInfo, cwd = process.cwd()): string {
  const rel = path.relative(cwd, info.keyFilePath);
  const keyPath = rel.startsWith('..') || path.isAbsolute(rel) ? info.keyFilePath : rel;
  const body = JSON.stringify({
    first_name: 'John',
    last_name: 'Carter',
    rpps: DEMO_USER,
    facilitySlug: DEMO_FACILITY,
    patientId: '123456',
  });
  const lines = [
    `Demo: facility ${DEMO_FACILITY} (alias ${DEMO_ALIAS}), user ${DEMO_USER}${info.created ? ' — created now' : ''}`,
    `  Scan & Go app:    ${config.scanAppUrl}`,
    `  Token endpoint:   ${config.publicUrl}/oauth2/token`,
    `  Partner API doc:  ${config.publicUrl}/openapi.json`,
  ];
  if (!info.keyFileExists) {
    lines.push(
      `  Demo key file ${keyPath} is missing: issue a new one with "npx ordoscan keys create --partner '${DEMO_PARTNER}'"`,
    );
    return lines.join('\n');
  }
  lines.push(
    `  Demo key file:    ${keyPath}`,
    'Try it (gets a token, opens a scan session, prints the URL to open):',
    `  curl -s -X POST ${config.publicUrl}/api/partners/patient/scan-token \\`,
    `    -H "Authorization: Bearer $(npx ordoscan token --key ${keyPath})" \\`,
    `    -H 'Content-Type: application/json' \\`,
    `    -d '${body}'`,
  );
  return lines.join('\n');
}
