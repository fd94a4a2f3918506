#!/usr/bin/env node
// Entry point of the `ordoscan` command: loads the TypeScript sources through tsx (a runtime dependency).
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/index.ts');
const code = await runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
});
process.exitCode = code;
