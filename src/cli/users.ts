/** @module `ordoscan users create|list|enable|disable`: users of a facility and their import right. */
import { getFacility } from '../registry/facilities.js';
import { insertUser, listUsers, setUserImportEnabled } from '../registry/users.js';
import { parseOptions, str, table, withDb } from './admin-args.js';
import type { Command } from './types.js';

export const usersCreateCommand: Command = {
  name: ['users', 'create'],
  summary: 'register a user (RPPS or technical id) in a facility',
  usage: 'users create --facility <slug> --rpps <id> --first-name <n> --last-name <n> [--disabled]',
  async run(args, io) {
    const { values } = parseOptions(
      args,
      {
        facility: { type: 'string' },
        rpps: { type: 'string' },
        'first-name': { type: 'string' },
        'last-name': { type: 'string' },
        disabled: { type: 'boolean' },
      },
      ['facility', 'rpps', 'first-name', 'last-name'],
    );
    const user = await withDb(io, async (db) => {
      const f = await getFacility(db, str(values.facility));
      return insertUser(db, {
        facilityId: f.id,
        rpps: str(values.rpps),
        firstName: str(values['first-name']),
        lastName: str(values['last-name']),
        importEnabled: values.disabled !== true,
      });
    });
    io.out(
      `Created user ${user.rpps} (${user.firstName} ${user.lastName}), import ${user.importEnabled ? 'enabled' : 'disabled'}`,
    );
    return 0;
  },
};

export const usersListCommand: Command = {
  name: ['users', 'list'],
  summary: 'list the users of a facility',
  usage: 'users list --facility <slug>',
  async run(args, io) {
    const { values } = parseOptions(args, { facility: { type: 'string' } }, ['facility']);
    const users = await withDb(io, async (db) =>
      listUsers(db, (await getFacility(db, str(values.facility))).id),
    );
    const rows = users.map((u) => [u.rpps, u.firstName, u.lastName, u.importEnabled ? 'yes' : 'no']);
    io.out(table(['RPPS', 'FIRST NAME', 'LAST NAME', 'IMPORT'], rows));
    return 0;
  },
};

function toggleCommand(enable: boolean): Command {
  const word = enable ? 'enable' : 'disable';
  return {
    name: ['users', word],
    summary: `${word} prescription import for a user`,
    usage: `users ${word} --facility <slug> --rpps <id>`,
    async run(args, io) {
      const { values } = parseOptions(args, { facility: { type: 'string' }, rpps: { type: 'string' } }, [
        'facility',
        'rpps',
      ]);
      const u = await withDb(io, async (db) =>
        setUserImportEnabled(db, (await getFacility(db, str(values.facility))).id, str(values.rpps), enable),
      );
      io.out(`User ${u.rpps}: import ${u.importEnabled ? 'enabled' : 'disabled'}`);
      return 0;
    },
  };
}

export const usersEnableCommand = toggleCommand(true);
export const usersDisableCommand = toggleCommand(false);
