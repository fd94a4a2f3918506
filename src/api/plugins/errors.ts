/**
 * @module Maps errors to HTTP once. Bodies are `{ error, message, details[] }`; a 5xx sends a generic
 * message and is logged with the request id, never with a stack trace in the response.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode, type ErrorDetail } from '../../errors.js';

export const STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  gone: 410,
  'too-large': 413,
  'unsupported-media': 415,
  'rate-limited': 429,
  internal: 500,
  unavailable: 503,
};

export interface ErrorBody {
  error: ErrorCode;
  message: string;
  details: ErrorDetail[];
}

/** Turns Fastify's own errors (validation, body limit, content type) into AppErrors. */
function toAppError(err: FastifyError | Error): AppError {
  if (err instanceof AppError) return err;
  const fe = err as FastifyError;
  if (fe.validation) {
    const details = fe.validation.map((v) => {
      const missing = (v.params as { missingProperty?: string } | undefined)?.missingProperty;
      const field = missing !== undefined ? `${v.instancePath}/${missing}` : v.instancePath || '/';
      return { field, message: missing !== undefined ? 'is required' : (v.message ?? 'is invalid') };
    });
    return new AppError(
      'invalid',
      `Invalid request ${fe.validationContext ?? 'body'}: ${details.map((d) => `${d.field} ${d.message}`).join('; ')}`,
      { details },
    );
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('too-large', 'Request body too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported-media', 'Unsupported Content-Type');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('invalid', 'Body is not valid JSON');
    default:
      break;
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code = (Object.entries(STATUS_BY_CODE).find(([, s]) => s === fe.statusCode)?.[0] ??
      'invalid') as ErrorCode;
    return new AppError(code, fe.message);
  }
  return new AppError('internal', 'Internal error', { cause: err });
}

/** @returns the JSON body for an error, generic for 5xx */
export function errorBody(err: AppError): ErrorBody {
  const status = STATUS_BY_CODE[err.code];
  return status >= 500
    ? { error: err.code, message: err.code === 'unavailable' ? err.message : 'Internal error', details: [] }
    : { error: err.code, message: err.message, details: err.details };
}

/** Installs the error and not-found handlers. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    const appErr = toAppError(err);
    const status = STATUS_BY_CODE[appErr.code];
    if (status >= 500) req.log.error({ err: appErr.cause ?? err }, 'request failed');
    if (appErr.code === 'unauthorized' && !reply.hasHeader('www-authenticate')) {
      void reply.header(
        'www-authenticate',
        `Bearer error="invalid_token", error_description="${appErr.message.replace(/"/g, "'")}"`,
      );
    }
    return reply.status(status).send(errorBody(appErr));
  });
  app.setNotFoundHandler((req, reply) =>
    reply
      .status(404)
      .send(errorBody(new AppError('not-found', `No route ${req.method} ${req.url.split('?')[0] ?? ''}`))),
  );
}
