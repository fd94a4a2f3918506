/**
 * @module Real `ordoscan` child processes for crash tests: start one (`spawnOrdoscan`), read what it
 * printed, wait for a line, SIGKILL it. Plus `until` (poll a condition) and `freePort`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/ordoscan.js');

/**
 * Polls `cond` until it holds.
 * @param cond - the condition
 * @param what - named in the error on time-out
 * @param timeoutMs - give up after this long (a safety net, not an assertion on speed)
 */
export async function until(
  cond: () => Promise<boolean> | boolean,
  what: string,
  timeoutMs = 90_000,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** @returns a TCP port free on 127.0.0.1 right now */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export interface OrdoscanProcess {
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves once its output matches `re`; rejects if it exits first. */
  waitFor(re: RegExp, timeoutMs?: number): Promise<void>;
  /** Sends `signal` (default SIGKILL) and resolves once the process is gone. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts `ordoscan <argv>` (bin/ordoscan.js through node) as a child process.
 * @param argv - command and options
 * @param env - added to this process's environment
 */
export function spawnOrdoscan(argv: string[], env: Record<string, string>): OrdoscanProcess {
  const child = spawn(process.execPath, [BIN, ...argv], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const append = (c: Buffer): void => {
    text += c.toString('utf8');
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return {
    child,
    output: () => text,
    async waitFor(re, timeoutMs = 120_000) {
      let gone = false;
      void exited.then(() => (gone = true));
      await until(
        () => {
          if (re.test(text)) return true;
          if (gone) throw new Error(`ordoscan ${argv.join(' ')} exited before printing ${re}:\n${text}`);
          return false;
        },
        `ordoscan ${argv.join(' ')} to print ${re}`,
        timeoutMs,
      );
    },
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
