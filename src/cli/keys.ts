/**
 * @module `ordoscan keys create|list|revoke|rotate`: partner service-account keys. The private key is
 * shown (or written with --out, mode 0600) once; only the public key is kept.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { KeyFile } from '../auth/key-file.js';
import { createServiceAccountKey, rotateServiceAccountKey } from '../auth/partner-keys.js';
import { AppError } from '../errors.js';
import { getPartner, listPartners } from '../registry/partners.js';
import { listKeys, revokeKey } from '../registry/service-accounts.js';
import { parseOptions, str, table, withDb } from './admin-args.js';
import type { CliIo, Command } from './types.js';

/**
 * Writes a key file (never overwriting one) or prints it.
 * @param io - CLI io
 * @param file - the key file
 * @param out - path, or undefined for stdout
 */
export function emitKeyFile(io: CliIo, file: KeyFile, out: string | undefined): void {
  const text = `${JSON.stringify(file, null, 2)}\n`;
  if (out === undefined) {
    io.out(text.trimEnd());
    return;
  }
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  try {
    fs.writeFileSync(out, text, { mode: 0o600, flag: 'wx' });
  } catch (cause) {
    throw new AppError('conflict', `Cannot write ${out} (it may already exist): the key was not saved`, {
      cause,
    });
  }
  io.err(
    `Key ${file.private_key_id} for ${file.client_email} written to ${out}. Keep it secret; it cannot be shown again.`,
  );
}

export const keysCreateCommand: Command = {
  name: ['keys', 'create'],
  summary: 'create a service account and key for a partner (key file shown once)',
  usage: 'keys create --partner <name|id> [--name <account>] [--out <file.json>]',
  async run(args, io) {
    const { values } = parseOptions(
      args,
      { partner: { type: 'string' }, name: { type: 'string' }, out: { type: 'string' } },
      ['partner'],
    );
    const file = await withDb(io, (db, config) =>
      createServiceAccountKey(db, config, str(values.partner), values.name as string | undefined),
    );
    emitKeyFile(io, file, values.out as string | undefined);
    return 0;
  },
};

export const keysListCommand: Command = {
  name: ['keys', 'list'],
  summary: 'list keys (id, account, partner, created, revoked)',
  usage: 'keys list [--partner <name|id>]',
  async run(args, io) {
    const { values } = parseOptions(args, { partner: { type: 'string' } });
    const rows = await withDb(io, async (db) => {
      const partnerId =
        values.partner === undefined ? undefined : (await getPartner(db, str(values.partner))).id;
      const names = new Map((await listPartners(db)).map((p) => [p.id, p.name]));
      return (await listKeys(db, partnerId)).map((k) => [
        k.id,
        k.clientEmail,
        names.get(k.partnerId) ?? k.partnerId,
        k.createdAt.toISOString(),
        k.revokedAt?.toISOString() ?? 'active',
      ]);
    });
    io.out(table(['KEY ID', 'CLIENT EMAIL', 'PARTNER', 'CREATED', 'REVOKED'], rows));
    return 0;
  },
};

export const keysRevokeCommand: Command = {
  name: ['keys', 'revoke'],
  summary: 'revoke a key at once (tokens obtained with it stop working within a second)',
  usage: 'keys revoke <key id>',
  async run(args, io) {
    const { positionals } = parseOptions(args, {});
    const id = positionals[0];
    if (id === undefined || positionals.length > 1) throw new AppError('invalid', 'Give exactly one key id');
    const key = await withDb(io, (db) => revokeKey(db, id));
    io.out(`Key ${key.id} (${key.clientEmail}) revoked at ${key.revokedAt?.toISOString() ?? ''}`);
    return 0;
  },
};

export const keysRotateCommand: Command = {
  name: ['keys', 'rotate'],
  summary: 'issue a new key for the same account and revoke the old one',
  usage: 'keys rotate <key id> [--out <file.json>]',
  async run(args, io) {
    const { values, positionals } = parseOptions(args, { out: { type: 'string' } });
    const id = positionals[0];
    if (id === undefined || positionals.length > 1) throw new AppError('invalid', 'Give exactly one key id');
    const file = await withDb(io, (db, config) => rotateServiceAccountKey(db, config, id));
    emitKeyFile(io, file, values.out as string | undefined);
    io.err(`Old key ${id} is revoked.`);
    return 0;
  },
};
