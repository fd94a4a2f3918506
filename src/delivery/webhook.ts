/**
 * @module Sends one webhook request: the prescription as the body, signed (`Ordoscan-Signature`), with a
 * stable `Idempotency-Key`. It never throws for the receiver's behaviour: every outcome (status,
 * timeout, refused connection) comes back as data for the delivery log. Redirects are not followed
 * (a signed medical payload goes only to the configured URL).
 */
import { SIGNATURE_HEADER, signatureHeader } from './signature.js';

export interface WebhookRequest {
  url: string;
  secret: string;
  body: string;
  contentType: string;
  idempotencyKey: string;
  deliveryId: string;
  /** Gives up after this long (default 10 s): a slow receiver never holds a worker for long. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface WebhookResult {
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** Event name sent in `Ordoscan-Event`. */
export const WEBHOOK_EVENT = 'prescription.validated';

/**
 * POSTs the webhook.
 * @param req - target, secret, body and keys
 */
export async function sendWebhook(req: WebhookRequest): Promise<WebhookResult> {
  const started = performance.now();
  const timeout = AbortSignal.timeout(req.timeoutMs ?? 10_000);
  const signal = req.signal === undefined ? timeout : AbortSignal.any([timeout, req.signal]);
  try {
    const res = await fetch(req.url, {
      method: 'POST',
      redirect: 'manual',
      signal,
      headers: {
        'content-type': req.contentType,
        'user-agent': 'Ordoscan-Webhook/1',
        [SIGNATURE_HEADER]: signatureHeader(req.secret, req.body),
        'Idempotency-Key': req.idempotencyKey,
        'Ordoscan-Event': WEBHOOK_EVENT,
        'Ordoscan-Delivery': req.deliveryId,
      },
      body: req.body,
    });
    await res.body?.cancel().catch(() => undefined);
    const ok = res.status >= 200 && res.status < 300;
    return {
      statusCode: res.status,
      error: ok ? null : `Receiver answered HTTP ${res.status}`,
      durationMs: performance.now() - started,
    };
  } catch (err) {
    const timedOut = timeout.aborted;
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const message = timedOut
      ? `No answer within ${req.timeoutMs ?? 10_000} ms`
      : `Could not reach the receiver: ${cause?.code ?? cause?.message ?? (err as Error).message}`;
    return { statusCode: null, error: message, durationMs: performance.now() - started };
  }
}
