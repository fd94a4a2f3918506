import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliEnv, runCliCaptured, type CliRun } from '../../test/helpers/cli.js';
import { freePort } from '../../test/helpers/process.js';
import { buildApp } from '../api/app.js';
import { parseKeyFile } from '../auth/key-file.js';
import { loadConfig } from '../config.js';
import { openDb } from '../store/db.js';
/** A CLI environment on its own database: a PostgreSQL database when DATABASE_URL is set, else a PGlite dir. */
let env: Record<string, string>;
let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const port = await freePort();
  ({ env, dir, cleanup } = await createCliEnv('ordoscan-cli', {
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    PORT: String(port),
  }));
});
afterAll(async () => cleanup());

const cli = (...argv: string[]): Promise<CliRun> => runCliCaptured(env, argv);

describe('ordoscan admin commands', () => {
  it('create and list partners, facilities, users and keys; revoke, rotate and get a token', async () => {
    expect((await cli('partners', 'create', '--name', 'Acme DPI')).code).toBe(0);
    expect((await cli('partners', 'create', '--name', 'Acme DPI')).code).toBe(1); // conflict
    expect(
      await cli(
        'facilities',
        'create',
        '--slug',
        'chu-x',
        '--name',
        'CHU X',
        '--alias',
        'chux',
        '--partner',
        'Acme DPI',
        '--provisioning',
        'registered',
      ),
    ).toMatchObject({ code: 0 });
    expect(
      (await cli('facilities', 'create', '--slug', 'other', '--name', 'O', '--alias', 'chux')).code,
    ).toBe(1);
    expect((await cli('facilities', 'create', '--slug', 'Bad Slug', '--name', 'B')).code).toBe(2);
    expect((await cli('facilities', 'list')).out).toMatch(/chu-x\s+CHU X\s+chux\s+registered\s+60 min/);
    expect((await cli('partners', 'list')).out).toMatch(/Acme DPI\s+\S+\s+chu-x/);
    expect(
      (
        await cli(
          'users',
          'create',
          '--facility',
          'chux',
          '--rpps',
          '10001',
          '--first-name',
          'Marie',
          '--last-name',
          'Curie',
        )
      ).code,
    ).toBe(0);
    expect((await cli('users', 'disable', '--facility', 'chu-x', '--rpps', '10001')).code).toBe(0);
    expect((await cli('users', 'list', '--facility', 'chu-x')).out).toMatch(/10001\s+Marie\s+Curie\s+no/);
    expect((await cli('users', 'create', '--facility', 'chu-x')).code).toBe(2); // missing options

    const keyPath = path.join(dir, 'acme.json');
    const created = await cli('keys', 'create', '--partner', 'Acme DPI', '--out', keyPath);
    expect(created.code).toBe(0);
    const key = parseKeyFile(fs.readFileSync(keyPath, 'utf8'));
    expect(key).toMatchObject({ type: 'service_account', facilities: ['chu-x'], audience: 'ordoscan' });
    expect(key.token_uri).toBe(`${env.PUBLIC_URL ?? ''}/oauth2/token`);
    expect(fs.statSync(keyPath).mode & 0o777).toBe(0o600);
    expect((await cli('keys', 'create', '--partner', 'Acme DPI', '--out', keyPath)).code).toBe(1); // no overwrite

    const rotatedPath = path.join(dir, 'acme-2.json');
    expect((await cli('keys', 'rotate', key.private_key_id, '--out', rotatedPath)).code).toBe(0);
    const rotated = parseKeyFile(fs.readFileSync(rotatedPath, 'utf8'));
    expect(rotated.client_email).toBe(key.client_email);
    const list = (await cli('keys', 'list', '--partner', 'Acme DPI')).out;
    expect(list).toMatch(new RegExp(`${key.private_key_id}\\s+\\S+\\s+Acme DPI\\s+\\S+\\s+\\d{4}-`));
    expect(list).toMatch(new RegExp(`${rotated.private_key_id}\\s+\\S+\\s+Acme DPI\\s+\\S+\\s+active`));
    expect((await cli('keys', 'revoke', 'nope')).code).toBe(1);

    // The database no longer contains any private key.
    const config = loadConfig(env);
    const db = await openDb(config);
    try {
      const dump = await db.query<{ t: string }>('select public_key_pem as t from service_account_keys');
      expect(dump.rows.every((r) => r.t.includes('PUBLIC KEY') && !r.t.includes('PRIVATE'))).toBe(true);
      // `token` talks to the running service over HTTP, like a partner.
      const app = await buildApp({ config, db }, { logger: false });
      await app.listen({ port: config.port, host: '127.0.0.1' });
      try {
        const ok = await cli('token', '--key', rotatedPath);
        expect(ok.code).toBe(0);
        expect(ok.out).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
        const revoked = await cli('token', '--key', keyPath);
        expect(revoked.code).toBe(1);
        expect(revoked.err).toContain('revoked');
      } finally {
        await app.close();
      }
    } finally {
      await db.close();
    }
    expect((await cli('token', '--key', path.join(dir, 'missing.json'))).code).toBe(2);
  }, 600_000);
});
