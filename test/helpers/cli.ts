/**
 * @module Running `ordoscan` commands in tests: in this process with captured output
 * (`runCliCaptured`), on an environment of their own (`createCliEnv`: a temporary DATA_DIR and, when
 * `DATABASE_URL` is set, a scratch PostgreSQL database).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/index.js';
import { createScratchPostgres, onPostgres } from './db.js';

export interface CliRun {
  code: number;
  /** stdout lines joined by newlines */
  out: string;
  /** stderr lines joined by newlines */
  err: string;
}

/**
 * Runs one `ordoscan` command in this process.
 * @param env - its environment (the configuration)
 * @param argv - the command words and options
 */
export async function runCliCaptured(env: Record<string, string>, argv: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

export interface CliEnv {
  /** DATA_DIR, DEMO=false, LOG_LEVEL=silent, DATABASE_URL on PostgreSQL, then the caller's values. */
  env: Record<string, string>;
  /** The temporary DATA_DIR. */
  dir: string;
  /** Drops the scratch database and removes the folder. */
  cleanup: () => Promise<void>;
}

/**
 * A fresh environment for commands (and `ordoscan serve`/`worker` child processes).
 * @param prefix - names the folder and the scratch database
 * @param extra - more variables (PORT, PUBLIC_URL…)
 */
export async function createCliEnv(prefix: string, extra: Record<string, string> = {}): Promise<CliEnv> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  const scratch = onPostgres() ? await createScratchPostgres(prefix.replace(/\W/g, '_')) : null;
  return {
    env: {
      DATA_DIR: dir,
      DEMO: 'false',
      LOG_LEVEL: 'silent',
      ...(scratch === null ? {} : { DATABASE_URL: scratch.url }),
      ...extra,
    },
    dir,
    cleanup: async () => {
      await scratch?.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
