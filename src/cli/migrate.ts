/** @module `ordoscan migrate`: applies pending database migrations and exits. */
import os from 'node:os';
import { loadConfig } from '../config.js';
import { openDb } from '../store/db.js';
import { migrate } from '../store/migrate.js';
import type { Command } from './types.js';

export const migrateCommand: Command = {
  name: ['migrate'],
  summary: 'apply pending database migrations',
  usage: 'migrate',
  async run(_args, io) {
    const config = loadConfig(io.env, os.availableParallelism());
    const db = await openDb(config);
    try {
      const applied = await migrate(db);
      io.out(applied.length === 0 ? 'Database is up to date.' : `Applied: ${applied.join(', ')}`);
      return 0;
    } finally {
      await db.close();
    }
  },
};
