import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTestConfig } from '../test/helpers/app.js';
import { createTestDb } from '../test/helpers/db.js';
import { idTokenFor } from '../test/helpers/partner.js';
import { buildApp } from './api/app.js';
import { parseKeyFile } from './auth/key-file.js';
import { bootstrapDemo, demoInstructions, DEMO_ALIAS, DEMO_FACILITY, DEMO_USER } from './demo.js';
import { insertPartner } from './registry/partners.js';
import type { Db } from './store/db.js';

let db: Db;
let dir: string;

beforeAll(async () => {
  db = await createTestDb();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ordoscan-demo-'));
});
afterAll(async () => {
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('bootstrapDemo', () => {
  it('leaves a database with other data alone', async () => {
    const someone = await insertPartner(db, 'Someone');
    expect(await bootstrapDemo(db, loadTestConfig({ DATA_DIR: dir }))).toBeNull();
    const n = await db.query<{ n: number }>('select count(*)::int as n from facilities');
    expect(n.rows[0]?.n).toBe(0);
    await db.query('delete from partners where id = $1', [someone.id]);
  });

  it('creates the demo facility, user and partner key on an empty database, once, and the key works', async () => {
    const config = { ...loadTestConfig({ DATA_DIR: dir }) };
    const info = await bootstrapDemo(db, config);
    if (info === null) throw new Error('demo not created');
    expect(info).toEqual({
      created: true,
      keyFilePath: path.join(dir, 'keys', 'demo-service-account.json'),
      keyFileExists: true,
    });
    const keyFile = parseKeyFile(fs.readFileSync(info.keyFilePath, 'utf8'));
    expect(keyFile.facilities).toEqual([DEMO_FACILITY]);
    expect(fs.statSync(info.keyFilePath).mode & 0o777).toBe(0o600);

    const again = await bootstrapDemo(db, config);
    expect(again?.created).toBe(false);
    const n = await db.query<{ n: number }>('select count(*)::int as n from service_account_keys');
    expect(n.rows[0]?.n).toBe(1);

    const text = demoInstructions(config, again ?? info, dir);
    expect(text).toContain('npx ordoscan token --key keys/demo-service-account.json');
    expect(text).toContain(`${config.publicUrl}/api/partners/patient/scan-token`);
    expect(text).toContain(`"rpps":"${DEMO_USER}"`);

    const app = await buildApp({ config, db }, { logger: false });
    try {
      const authorization = `Bearer ${await idTokenFor(app, keyFile)}`;
      for (const facilitySlug of [DEMO_FACILITY, DEMO_ALIAS]) {
        const res = await app.inject({
          method: 'POST',
          url: '/api/partners/patient/scan-token',
          headers: { authorization },
          payload: {
            first_name: 'John',
            last_name: 'Carter',
            rpps: DEMO_USER,
            facilitySlug,
            patientId: '123456',
          },
        });
        expect(res.statusCode).toBe(200);
      }
    } finally {
      await app.close();
    }
  });
});
