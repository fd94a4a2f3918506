/**
 * @module Task `deliver-prescription`: one attempt of one delivery (webhook or e-mail) of a validated
 * prescription. The delivery row holds the retry schedule; each attempt is its own job, enqueued
 * by the previous one, so the schedule (over 24 h) does not depend on the queue's own backoff.
 */
import { AppError } from '../../errors.js';
import { runDeliveryAttempt } from '../../delivery/attempt.js';
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
};
