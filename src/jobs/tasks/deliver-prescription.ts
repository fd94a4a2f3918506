/**
 * @module Task `deliver-prescription`: one attempt of one delivery (webhook or e-mail) of a validated
 * prescription. The delivery row holds the retry schedule; each attempt is its own job, enqueued
 * by the previous one, so the schedule (over 24 h) does not depend on the queue's own backoff. A job
 * that fails for good (its process killed on each of its attempts) counts as one failed delivery attempt.
 */
import { AppError } from '../../errors.js';
import { recordLostAttempt, runDeliveryAttempt } from '../../delivery/attempt.js';
import { DELIVER_TASK } from '../../delivery/index.js';
import type { DeliveryDeps } from '../../delivery/runtime.js';
import type { Task } from '../task.js';

export interface DeliverPayload {
  deliveryId: string;
}

export const deliverPrescriptionTask: Task<DeliverPayload, DeliveryDeps> = {
  name: DELIVER_TASK,
  parsePayload(raw) {
    const id = (raw as { deliveryId?: unknown } | null)?.deliveryId;
    if (typeof id !== 'string') {
      throw new AppError('invalid', 'deliver-prescription payload needs a deliveryId');
    }
    return { deliveryId: id };
  },
  async run({ deliveryId }, { db, delivery, signal }) {
    await runDeliveryAttempt(db, deliveryId, delivery, signal);
  },
  // The attempt's job failed for good (its workers died each time, or the database kept failing):
  // log the attempt as failed and follow the retry schedule, rather than leave the delivery pending.
  async onFailure({ deliveryId }, message, { db, delivery }) {
    await recordLostAttempt(db, deliveryId, delivery, message);
  },
};
