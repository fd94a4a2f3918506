/**
 * @module The one error type of the application. It carries a closed `code`, never an HTTP status:
 * the mapping to HTTP happens once, in `api/plugins/errors.ts`.
 */

export type ErrorCode =
  | 'invalid'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'gone'
  | 'too-large'
  | 'unsupported-media'
  | 'rate-limited'
  | 'unavailable'
  | 'internal';

/** One problem with one field or element of the input, as listed in a `400` body. */
export interface ErrorDetail {
  /** JSON pointer-like path of the field (`/first_name`, `/images/0/image`). */
  field: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[];

  /**
   * @param code - closed error class, mapped to HTTP in one place
   * @param message - what is wrong and what to do; never patient data
   * @param options - `cause` (kept for logs) and per-field `details`
   */
  constructor(code: ErrorCode, message: string, options: { cause?: unknown; details?: ErrorDetail[] } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details ?? [];
  }
}

/** @returns whether `err` is an AppError with one of the given codes (any code if none given). */
export function isAppError(err: unknown, ...codes: ErrorCode[]): err is AppError {
  return err instanceof AppError && (codes.length === 0 || codes.includes(err.code));
}
