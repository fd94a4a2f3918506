/** @module `ordoscan serve`: runs the service (API, web app, in-process workers) until SIGINT/SIGTERM. */
import os from 'node:os';
import { loadConfig } from '../config.js';
import { startService } from '../main.js';
import type { Command } from './types.js';

export const serveCommand: Command = {
  name: ['serve'],
  summary: 'run the HTTP service (default database: embedded, under DATA_DIR)',
  usage: 'serve',
  async run(_args, io) {
    const config = loadConfig(io.env, os.availableParallelism());
    const service = await startService(config, io);
    await new Promise<void>((resolve) => {
      const stop = (): void => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    io.out('Stopping…');
    await service.stop();
    return 0;
  },
};
