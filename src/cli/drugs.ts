/**
 * @module `ordoscan drugs import [DIR]`: loads BDPM files into the database (the shipped snapshot,
 * or newer official files in DIR, same names, encoding detected per file); idempotent.
 * `ordoscan drugs recognize "<line>"`: shows what the recogniser reads in a line (no database).
 */
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config.js';
import { importBdpm } from '../drugs/bdpm/import.js';
import { loadDrugIndex, recognizeDrug } from '../drugs/index.js';
import { AppError } from '../errors.js';
import { openDb } from '../store/db.js';
import { migrate } from '../store/migrate.js';
import type { Command } from './types.js';

export const drugsImportCommand: Command = {
  name: ['drugs', 'import'],
  summary: 'load BDPM drug files (shipped snapshot, or official files in DIR) into the database',
  usage: 'drugs import [DIR]',
  async run(args, io) {
    if (args.length > 1) throw new AppError('invalid', 'Usage: ordoscan drugs import [DIR]');
    const config = loadConfig(io.env, os.availableParallelism());
    const db = await openDb(config);
    try {
      await migrate(db);
      const dir = args[0] === undefined ? undefined : path.resolve(args[0]);
      const s = await importBdpm(db, dir);
      io.out(
        `Imported from ${s.source}: ${s.specialties} specialties, ${s.substances} substances, ` +
          `${s.genericGroups} generic-group memberships, ${s.presentations} presentations.`,
      );
      return 0;
    } finally {
      await db.close();
    }
  },
};

export const drugsRecognizeCommand: Command = {
  name: ['drugs', 'recognize'],
  summary: 'show the drugs recognised in a line of text (ranked, with span and reliability)',
  usage: 'drugs recognize "<line>"',
  async run(args, io) {
    const line = args.join(' ').trim();
    if (line === '') throw new AppError('invalid', 'Usage: ordoscan drugs recognize "<line>"');
    const r = recognizeDrug(await loadDrugIndex(), line);
    io.out(
      `span: ${JSON.stringify(r.span?.text ?? null)}  strength: ${r.strength ?? '-'}  ` +
        `ambiguous: ${r.ambiguous}  reliability: ${r.reliability}`,
    );
    for (const c of r.candidates.slice(0, 10)) {
      const s = c.specialty;
      io.out(
        `  ${c.score.toFixed(3)}  ${s.cis}  ${s.name}${s.marketed ? '' : '  (not marketed)'}  ATC ${s.atc ?? '-'}`,
      );
    }
    return r.candidates.length > 0 ? 0 : 1;
  },
};
