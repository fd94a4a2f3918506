/**
 * @module `ordoscan deliveries list|show|redeliver`: the delivery log of webhook and e-mail pushes,
 * and manual redelivery (same Idempotency-Key, new attempts from now).
 */
import { AppError } from '../errors.js';
import { DELIVER_JOB_MAX_ATTEMPTS, DELIVER_TASK, attemptJobKey } from '../delivery/index.js';
import { enqueueJob } from '../jobs/queue.js';
import { getFacility } from '../registry/facilities.js';
import {
  getDelivery,
  listAttempts,
  listDeliveries,
  reopenDelivery,
  type DeliveryStatus,
} from '../store/deliveries.js';
import { parseOptions, str, table, withDb } from './admin-args.js';
import type { Command } from './types.js';

const iso = (d: Date | null): string => (d === null ? '-' : d.toISOString().replace(/\.\d{3}Z$/, 'Z'));

export const deliveriesListCommand: Command = {
  name: ['deliveries', 'list'],
  summary: 'list deliveries (newest first) with status, attempts, last response and next attempt',
  usage:
    'deliveries list [--facility <slug>] [--status pending|delivered|failed] [--prescription <id>] [--limit <n>]',
  async run(args, io) {
    const { values } = parseOptions(args, {
      facility: { type: 'string' },
      status: { type: 'string' },
      prescription: { type: 'string' },
      limit: { type: 'string' },
    });
    const status = values.status as DeliveryStatus | undefined;
    if (status !== undefined && !['pending', 'delivered', 'failed'].includes(status)) {
      throw new AppError('invalid', '--status must be pending, delivered or failed');
    }
    const limit = values.limit === undefined ? 50 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) {
      throw new AppError('invalid', '--limit must be a positive integer');
    }
    const rows = await withDb(io, async (db) => {
      const facilityId =
        values.facility === undefined ? undefined : (await getFacility(db, str(values.facility))).id;
      return listDeliveries(db, {
        limit,
        ...(facilityId !== undefined ? { facilityId } : {}),
        ...(status !== undefined ? { status } : {}),
        ...(values.prescription !== undefined ? { prescriptionId: str(values.prescription) } : {}),
      });
    });
    io.out(
      table(
        [
          'ID',
          'PRESCRIPTION',
          'CHANNEL',
          'TARGET',
          'STATUS',
          'ATTEMPTS',
          'LAST CODE',
          'NEXT ATTEMPT',
          'LAST ERROR',
        ],
        rows.map((d) => [
          d.id,
          d.prescriptionId,
          d.channel,
          d.target,
          d.status,
          `${d.attempts}/${d.maxAttempts}`,
          d.lastStatusCode === null ? '-' : String(d.lastStatusCode),
          d.status === 'pending' ? iso(d.nextAttemptAt) : '-',
          d.lastError ?? '',
        ]),
      ),
    );
    return 0;
  },
};

export const deliveriesShowCommand: Command = {
  name: ['deliveries', 'show'],
  summary: 'show one delivery and every attempt',
  usage: 'deliveries show <id>',
  async run(args, io) {
    const { positionals } = parseOptions(args, {});
    const id = positionals[0];
    if (id === undefined) {
      throw new AppError('invalid', 'Missing the delivery id (see `ordoscan deliveries list`)');
    }
    const out = await withDb(io, async (db) => {
      const d = await getDelivery(db, id);
      if (d === null) throw new AppError('not-found', `No delivery ${id}`);
      return { d, attempts: await listAttempts(db, id) };
    });
    const { d } = out;
    io.out(
      `${d.channel} → ${d.target}: ${d.status}, ${d.attempts}/${d.maxAttempts} attempts, Idempotency-Key ${d.idempotencyKey}`,
    );
    io.out(
      table(
        ['ATTEMPT', 'STARTED', 'MS', 'CODE', 'ERROR'],
        out.attempts.map((a) => [
          String(a.attempt),
          iso(a.startedAt),
          String(a.durationMs),
          a.statusCode === null ? '-' : String(a.statusCode),
          a.error ?? '',
        ]),
      ),
    );
    return 0;
  },
};

export const deliveriesRedeliverCommand: Command = {
  name: ['deliveries', 'redeliver'],
  summary: 'send a delivery again now (same Idempotency-Key), with a fresh retry schedule',
  usage: 'deliveries redeliver <id> [--attempts <n>]',
  async run(args, io) {
    const { values, positionals } = parseOptions(args, { attempts: { type: 'string' } });
    const id = positionals[0];
    if (id === undefined) {
      throw new AppError('invalid', 'Missing the delivery id (see `ordoscan deliveries list`)');
    }
    const extra = values.attempts === undefined ? 11 : Number(values.attempts);
    if (!Number.isInteger(extra) || extra < 1) {
      throw new AppError('invalid', '--attempts must be a positive integer');
    }
    const d = await withDb(io, (db) =>
      db.transaction(async (tx) => {
        const reopened = await reopenDelivery(tx, id, extra);
        if (reopened === null) throw new AppError('not-found', `No delivery ${id}`);
        await enqueueJob(
          tx,
          DELIVER_TASK,
          { deliveryId: id },
          {
            key: attemptJobKey(id, `redeliver-${reopened.attempts + 1}-${Date.now()}`),
            maxAttempts: DELIVER_JOB_MAX_ATTEMPTS,
          },
        );
        return reopened;
      }),
    );
    io.out(
      `Delivery ${d.id} queued again (${d.channel} → ${d.target}); a running server or worker sends it now.`,
    );
    return 0;
  },
};
