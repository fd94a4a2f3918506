/**
 * @module The `ordoscan` command line: finds the command named by the first words of argv and runs it.
 * Each command lives in its own file and is listed in COMMANDS.
 */
import { AppError } from '../errors.js';
import {
  facilitiesCreateCommand,
  facilitiesGrantCommand,
  facilitiesListCommand,
  facilitiesSetCommand,
} from './facilities.js';
import { keysCreateCommand, keysListCommand, keysRevokeCommand, keysRotateCommand } from './keys.js';
import { deliveriesListCommand, deliveriesRedeliverCommand, deliveriesShowCommand } from './deliveries.js';
import { facilitiesDeliveryCommand } from './facility-delivery.js';
import { migrateCommand } from './migrate.js';
import { drugsImportCommand, drugsRecognizeCommand } from './drugs.js';
import { partnersCreateCommand, partnersListCommand } from './partners.js';
import { purgeCommand } from './purge.js';
import { scanCommand } from './scan.js';
import { serveCommand } from './serve.js';
import { tokenCommand } from './token.js';
import type { CliIo, Command } from './types.js';
import { usersCreateCommand, usersDisableCommand, usersEnableCommand, usersListCommand } from './users.js';
import { workerCommand } from './worker.js';

export const COMMANDS: Command[] = [
  serveCommand,
  workerCommand,
  scanCommand,
  migrateCommand,
  drugsImportCommand,
  drugsRecognizeCommand,
  partnersCreateCommand,
  partnersListCommand,
  facilitiesCreateCommand,
  facilitiesListCommand,
  facilitiesGrantCommand,
  facilitiesSetCommand,
  facilitiesDeliveryCommand,
  deliveriesListCommand,
  deliveriesShowCommand,
  deliveriesRedeliverCommand,
  usersCreateCommand,
  usersListCommand,
  usersEnableCommand,
  usersDisableCommand,
  keysCreateCommand,
  keysListCommand,
  keysRevokeCommand,
  keysRotateCommand,
  tokenCommand,
  purgeCommand,
];

function helpText(): string {
  const rows = COMMANDS.map((c) => `  ${c.usage.padEnd(58)} ${c.summary}`);
  return ['Usage: ordoscan <command> [options]', '', 'Commands:', ...rows].join('\n');
}

/**
 * Runs the CLI.
 * @param argv - arguments after the program name
 * @param io - output streams and environment
 * @returns the exit code
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  if (argv.length === 0 || argv[0] === 'help' || argv[0] === '--help' || argv[0] === '-h') {
    io.out(helpText());
    return argv.length === 0 ? 1 : 0;
  }
  const match = COMMANDS.filter((c) => c.name.every((w, i) => argv[i] === w)).sort(
    (a, b) => b.name.length - a.name.length,
  )[0];
  if (match === undefined) {
    io.err(`Unknown command "${argv.join(' ')}".\n\n${helpText()}`);
    return 2;
  }
  const args = argv.slice(match.name.length);
  if (args.includes('--help')) {
    io.out(`Usage: ordoscan ${match.usage}\n${match.summary}`);
    return 0;
  }
  try {
    return await match.run(args, io);
  } catch (err) {
    if (err instanceof AppError) {
      io.err(`ordoscan ${match.name.join(' ')}: ${err.message}`);
      return err.code === 'invalid' ? 2 : 1;
    }
    throw err;
  }
}
