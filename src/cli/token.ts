/** @module `ordoscan token --key <file>`: prints an id token obtained from the key file's token_uri. */
import fs from 'node:fs';
import { parseKeyFile } from '../auth/key-file.js';
import { fetchIdToken } from '../auth/token-client.js';
import { AppError } from '../errors.js';
import { parseOptions, str } from './admin-args.js';
import type { Command } from './types.js';

export const tokenCommand: Command = {
  name: ['token'],
  summary: 'get an id token from a service-account key file (prints it, for Authorization: Bearer)',
  usage: 'token --key <file.json> [--audience <client id>]',
  async run(args, io) {
    const { values } = parseOptions(args, { key: { type: 'string' }, audience: { type: 'string' } }, ['key']);
    let text: string;
    try {
      text = fs.readFileSync(str(values.key), 'utf8');
    } catch (cause) {
      throw new AppError('invalid', `Cannot read key file ${str(values.key)}`, { cause });
    }
    const key = parseKeyFile(text);
    const audience = (values.audience as string | undefined) ?? (key.audience || undefined);
    if (audience === undefined) {
      throw new AppError('invalid', 'The key file has no "audience": pass --audience');
    }
    io.out(await fetchIdToken(key, audience));
    return 0;
  },
};
