/** @module Argument parsing and database access shared by the `ordoscan` admin commands. */
import os from 'node:os';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { loadConfig, type Config } from '../config.js';
import { AppError } from '../errors.js';
import { openDb, type Db } from '../store/db.js';
import { migrate } from '../store/migrate.js';
import type { CliIo } from './types.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses options strictly; a bad option becomes AppError `invalid` (exit code 2).
 * @param args - arguments after the command words
 * @param options - node:util parseArgs options
 * @param required - option names that must be given
 */
export function parseOptions<O extends Options>(
  args: string[],
  options: O,
  required: (keyof O & string)[] = [],
): { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] } {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new AppError('invalid', err instanceof Error ? err.message : String(err));
  }
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  const missing = required.filter((k) => values[k] === undefined);
  if (missing.length > 0) throw new AppError('invalid', `Missing ${missing.map((m) => `--${m}`).join(', ')}`);
  return { values, positionals: parsed.positionals };
}

/** @returns the string value of an option (parseOptions checked required ones) */
export const str = (v: string | boolean | string[] | undefined): string => (typeof v === 'string' ? v : '');

/**
 * Opens the configured database, applies migrations, runs `fn`, closes.
 * @param io - CLI io (its env is the configuration)
 * @param fn - the work
 */
export async function withDb<T>(io: CliIo, fn: (db: Db, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig(io.env, os.availableParallelism());
  const db = await openDb(config);
  try {
    await migrate(db);
    return await fn(db, config);
  } finally {
    await db.close();
  }
}

/**
 * Formats rows as an aligned text table.
 * @param header - column titles
 * @param rows - cells
 */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
