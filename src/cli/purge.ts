/**
 * @module `ordoscan purge`: removes patient data older than each facility's retention period now
 * (`ordoscan serve` also does it hourly), and `ordoscan purge --facility <slug> --retention-days N|off`
 * sets a facility's retention period.
 */
import { getFacility, updateFacilitySettings } from '../registry/facilities.js';
import { checkRetentionDays, purgeExpired } from '../store/retention.js';
import { parseOptions, str, table, withDb } from './admin-args.js';
import type { Command } from './types.js';

const USAGE = 'purge [--facility <slug> --retention-days <days>|off]';

export const purgeCommand: Command = {
  name: ['purge'],
  summary: "delete patient data older than each facility's retentionDays; or set it",
  usage: USAGE,
  async run(args, io) {
    const { values } = parseOptions(args, {
      facility: { type: 'string' },
      'retention-days': { type: 'string' },
    });
    if (values.facility !== undefined || values['retention-days'] !== undefined) {
      const raw = str(values['retention-days']);
      if (values.facility === undefined || raw === '') {
        io.err(`Usage: ordoscan ${USAGE} (--facility and --retention-days go together)`);
        return 2;
      }
      const days = raw === 'off' ? null : checkRetentionDays(Number(raw));
      const f = await withDb(io, async (db) => {
        const facility = await getFacility(db, str(values.facility));
        const { retentionDays: _old, ...rest } = facility.settings;
        if (days === null) {
          await db.query('update facilities set settings = $2::jsonb where id = $1', [
            facility.id,
            JSON.stringify(rest),
          ]);
          return getFacility(db, facility.id);
        }
        return updateFacilitySettings(db, facility.id, { retentionDays: days });
      });
      io.out(
        days === null
          ? `Facility "${f.slug}": no retention period (data kept).`
          : `Facility "${f.slug}": data older than ${days} days is purged.`,
      );
      return 0;
    }
    const { purged, errors } = await withDb(io, (db) => purgeExpired(db));
    if (purged.length === 0 && errors.length === 0) {
      io.out('No facility has a retention period (settings.retentionDays): nothing purged.');
    } else {
      io.out(
        table(
          [
            'facility',
            'days',
            'before',
            'prescriptions',
            'documents',
            'sessions',
            'session files',
            'inbox',
            'jobs',
          ],
          purged.map((p) => [
            p.slug,
            String(p.retentionDays),
            p.cutoff.toISOString(),
            ...[p.prescriptions, p.documents, p.sessions, p.sessionFiles, p.inboxFiles, p.jobs].map(String),
          ]),
        ),
      );
    }
    for (const e of errors) io.err(`Facility "${e.slug}" skipped: ${e.message}`);
    return errors.length === 0 ? 0 : 1;
  },
};
