/** @module `ordoscan partners create|list`: the software vendors allowed to call the partner API. */
import { insertPartner, listPartnerFacilitySlugs, listPartners } from '../registry/partners.js';
import { parseOptions, str, table, withDb } from './admin-args.js';
import type { Command } from './types.js';

export const partnersCreateCommand: Command = {
  name: ['partners', 'create'],
  summary: 'create a partner (hospital software vendor)',
  usage: 'partners create --name <name>',
  async run(args, io) {
    const { values } = parseOptions(args, { name: { type: 'string' } }, ['name']);
    const partner = await withDb(io, (db) => insertPartner(db, str(values.name)));
    io.out(`Created partner "${partner.name}" (${partner.id})`);
    return 0;
  },
};

export const partnersListCommand: Command = {
  name: ['partners', 'list'],
  summary: 'list partners and the facilities each may use',
  usage: 'partners list',
  async run(args, io) {
    parseOptions(args, {});
    const rows = await withDb(io, async (db) => {
      const partners = await listPartners(db);
      return Promise.all(
        partners.map(async (p) => [p.name, p.id, (await listPartnerFacilitySlugs(db, p.id)).join(', ')]),
      );
    });
    io.out(table(['NAME', 'ID', 'FACILITIES'], rows));
    return 0;
  },
};
