import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createValidatedPrescription } from '../../test/fixtures/delivery/validated.js';
import { onPostgres } from '../../test/helpers/db.js';
import { loadConfig } from '../config.js';
import { onPrescriptionValidated } from '../delivery/index.js';
import { verifySignature } from '../delivery/signature.js';
import { startDeliveryWorker } from '../delivery/worker.js';
import { getFacility } from '../registry/facilities.js';
import { insertPartner } from '../registry/partners.js';
import { openDb, type Db } from '../store/db.js';
import { getDelivery } from '../store/deliveries.js';
import { runCli } from './index.js';

/** The CLI and the worker share one database: a PostgreSQL database with DATABASE_URL, else a PGlite folder. */
let env: Record<string, string>;
let dir: string;
let dropDb: () => Promise<void> = () => Promise.resolve();

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ordoscan-deliveries-'));
  env = { DATA_DIR: dir, PUBLIC_URL: 'http://127.0.0.1:1', DEMO: 'false', LOG_LEVEL: 'silent' };
  if (onPostgres()) {
    const admin = process.env.DATABASE_URL ?? '';
    const name = `ordoscan_dlv_${randomBytes(5).toString('hex')}`;
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`create database ${name}`);
    await c.end();
    const u = new URL(admin);
    u.pathname = `/${name}`;
    env.DATABASE_URL = u.toString();
    dropDb = async () => {
      const d = new pg.Client({ connectionString: admin });
      await d.connect();
      await d.query(`drop database if exists ${name} with (force)`);
      await d.end();
    };
  }
});
afterAll(async () => {
  await dropDb();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Runs `fn` on the CLI's database (PGlite allows one opener at a time: closed right after). */
async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDb(loadConfig(env));
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

describe('ordoscan facilities delivery / deliveries list|show|redeliver', () => {
  it('configures a webhook, logs a failed delivery, and redelivers it by command once the receiver is back', async () => {
    let up = false;
    const received: { sig: string; body: string; key: string }[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        received.push({
          sig: String(req.headers['ordoscan-signature']),
          body,
          key: String(req.headers['idempotency-key']),
        });
        res.writeHead(up ? 204 : 503).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    try {
      expect((await cli('facilities', 'create', '--slug', 'chu-dlv', '--name', 'CHU Delivery')).code).toBe(0);
      const bad = await cli(
        'facilities',
        'delivery',
        'chu-dlv',
        '--webhook-url',
        'ftp://x',
        '--channels',
        'webhook',
      );
      expect(bad.code).toBe(2);
      expect(bad.err).toMatch(/webhookUrl must be an http\(s\) URL/);
      expect((await cli('facilities', 'delivery', 'chu-dlv', '--email', 'not-an-address')).err).toMatch(
        /not an e-mail/,
      );

      const set = await cli('facilities', 'delivery', 'chu-dlv', '--webhook-url', url, '--pn13', 'on');
      expect(set.code).toBe(0);
      const secret = /Webhook secret \(shown once[^:]*: (whsec_[0-9a-f]{48})/.exec(set.out)?.[1];
      expect(secret).toBeDefined();
      expect(set.out).toContain('"channels":["webhook"]');
      const shown = await cli('facilities', 'delivery', 'chu-dlv');
      expect(shown.out).toContain(`"webhookUrl":"${url}"`);
      expect(shown.out).not.toContain(secret!);

      const deliveryId = await withDb(async (db) => {
        const f = await getFacility(db, 'chu-dlv');
        const partner = await insertPartner(db, 'CLI partner');
        const p = await createValidatedPrescription(db, {
          facilityId: f.id,
          partnerId: partner.id,
          patientId: 'P-9',
        });
        const [d] = await onPrescriptionValidated(db, p.id, { maxAttempts: 1 });
        const w = startDeliveryWorker(db, loadConfig(env));
        try {
          for (let i = 0; i < 200 && (await getDelivery(db, d!.id))?.status === 'pending'; i++) {
            await new Promise((r) => setTimeout(r, 50));
          }
        } finally {
          await w.stop();
        }
        return d!.id;
      });

      const failed = await cli('deliveries', 'list', '--facility', 'chu-dlv', '--status', 'failed');
      expect(failed.code).toBe(0);
      expect(failed.out).toContain(deliveryId);
      expect(failed.out).toMatch(/webhook .*failed +1\/1 +503/);
      const show = await cli('deliveries', 'show', deliveryId);
      expect(show.out).toMatch(/Receiver answered HTTP 503 \(no attempts left\)/);

      up = true;
      const again = await cli('deliveries', 'redeliver', deliveryId, '--attempts', '2');
      expect(again.code).toBe(0);
      await withDb(async (db) => {
        const w = startDeliveryWorker(db, loadConfig(env));
        try {
          for (let i = 0; i < 200 && (await getDelivery(db, deliveryId))?.status === 'pending'; i++) {
            await new Promise((r) => setTimeout(r, 50));
          }
        } finally {
          await w.stop();
        }
      });
      const delivered = await cli('deliveries', 'list', '--status', 'delivered');
      expect(delivered.out).toMatch(/webhook .*delivered +2\/3 +204/);
      expect(received).toHaveLength(2);
      expect(received[0]!.key).toBe(received[1]!.key);
      for (const r of received) expect(verifySignature(secret!, r.sig, r.body)).toBe('ok');

      expect((await cli('deliveries', 'redeliver', '00000000-0000-0000-0000-000000000000')).code).toBe(1);
      expect((await cli('deliveries', 'list', '--status', 'lost')).code).toBe(2);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  }, 240_000); // each CLI call opens (and on PGlite, reloads) the database
});
