/** @module `ordoscan facilities create|list|grant|set`: facilities, their aliases, settings and partners. */
import { AppError } from '../errors.js';
import {
  getFacility,
  insertFacility,
  listFacilities,
  updateFacilitySettings,
} from '../registry/facilities.js';
import { getPartner, grantFacility } from '../registry/partners.js';
import type { FacilitySettings } from '../registry/types.js';
import { parseOptions, str, table, withDb } from './admin-args.js';
import type { Command } from './types.js';

const SETTINGS_OPTIONS = {
  provisioning: { type: 'string' },
  'session-ttl': { type: 'string' },
} as const;

function settingsFrom(values: Record<string, unknown>): Partial<FacilitySettings> {
  const out: Partial<FacilitySettings> = {};
  if (typeof values.provisioning === 'string') {
    if (values.provisioning !== 'auto' && values.provisioning !== 'registered') {
      throw new AppError('invalid', '--provisioning must be "auto" or "registered"');
    }
    out.provisioning = values.provisioning;
  }
  if (typeof values['session-ttl'] === 'string') out.sessionTtlMinutes = Number(values['session-ttl']);
  return out;
}

export const facilitiesCreateCommand: Command = {
  name: ['facilities', 'create'],
  summary: 'create a facility, optionally usable by partners',
  usage:
    'facilities create --slug <slug> --name <name> [--alias <a>]… [--partner <p>]… [--provisioning auto|registered] [--session-ttl <min>]',
  async run(args, io) {
    const { values } = parseOptions(
      args,
      {
        slug: { type: 'string' },
        name: { type: 'string' },
        alias: { type: 'string', multiple: true },
        partner: { type: 'string', multiple: true },
        ...SETTINGS_OPTIONS,
      },
      ['slug', 'name'],
    );
    const f = await withDb(io, (db) =>
      db.transaction(async (tx) => {
        const facility = await insertFacility(tx, {
          slug: str(values.slug),
          name: str(values.name),
          aliases: (values.alias as string[] | undefined) ?? [],
          settings: settingsFrom(values),
        });
        for (const p of (values.partner as string[] | undefined) ?? []) {
          await grantFacility(tx, (await getPartner(tx, p)).id, facility.id);
        }
        return facility;
      }),
    );
    io.out(`Created facility "${f.slug}" (${f.name}), aliases: ${f.aliases.join(', ') || 'none'}`);
    return 0;
  },
};

export const facilitiesListCommand: Command = {
  name: ['facilities', 'list'],
  summary: 'list facilities with aliases and settings',
  usage: 'facilities list',
  async run(args, io) {
    parseOptions(args, {});
    const all = await withDb(io, (db) => listFacilities(db));
    const rows = all.map((f) => [
      f.slug,
      f.name,
      f.aliases.join(','),
      f.settings.provisioning,
      `${f.settings.sessionTtlMinutes} min`,
    ]);
    io.out(table(['SLUG', 'NAME', 'ALIASES', 'PROVISIONING', 'SESSION TTL'], rows));
    return 0;
  },
};

export const facilitiesGrantCommand: Command = {
  name: ['facilities', 'grant'],
  summary: 'let a partner open sessions for a facility',
  usage: 'facilities grant --facility <slug> --partner <name|id>',
  async run(args, io) {
    const { values } = parseOptions(args, { facility: { type: 'string' }, partner: { type: 'string' } }, [
      'facility',
      'partner',
    ]);
    await withDb(io, async (db) => {
      const f = await getFacility(db, str(values.facility));
      const p = await getPartner(db, str(values.partner));
      await grantFacility(db, p.id, f.id);
      io.out(`Partner "${p.name}" may now use facility "${f.slug}"`);
    });
    return 0;
  },
};

export const facilitiesSetCommand: Command = {
  name: ['facilities', 'set'],
  summary: 'change a facility setting',
  usage: 'facilities set --facility <slug> [--provisioning auto|registered] [--session-ttl <min>]',
  async run(args, io) {
    const { values } = parseOptions(args, { facility: { type: 'string' }, ...SETTINGS_OPTIONS }, [
      'facility',
    ]);
    const f = await withDb(io, async (db) => {
      const facility = await getFacility(db, str(values.facility));
      return updateFacilitySettings(db, facility.id, settingsFrom(values));
    });
    io.out(`Facility "${f.slug}": ${JSON.stringify(f.settings)}`);
    return 0;
  },
};
