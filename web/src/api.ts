/**
 * @module Typed client of the clinician app API. Every call is same-origin, sends the session cookie
 * and the `X-Requested-With` header the server requires against cross-site requests (CSRF), and
 * turns an error body `{error, message}` into an `ApiError`.
 */
import type {
  AppDrug,
  AppLine,
  LineEdit,
  PairingView,
  PrescriptionView,
  StagedPage,
} from '../../src/api/routes/app/wire.js';

export type { AppDrug, AppLine, LineEdit, PairingView, PrescriptionView, StagedPage };

/** Summary of the scan session (`POST/GET /api/app/session`). */
export interface SessionSummary {
  facility: { slug: string; name: string };
  user: { rpps: string; firstName: string; lastName: string };
  patientId: string;
  state: string;
  pathway: 'standard' | 'preimported';
  expiresAt: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const HEADERS = { 'X-Requested-With': 'ordoscan' };

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { ...HEADERS } };
  if (body instanceof FormData) {
    init.body = body;
  } else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { ...HEADERS, 'Content-Type': 'application/json' };
  }
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch {
    throw new ApiError(0, 'network', 'network');
  }
  const text = await res.text();
  const json: unknown = text === '' ? null : JSON.parse(text);
  if (!res.ok) {
    const err = (json ?? {}) as { error?: string; message?: string };
    throw new ApiError(res.status, err.error ?? 'error', err.message ?? res.statusText);
  }
  return json as T;
}

/** The API; paths are absolute from the server root. */
export const api = {
  openSession: (token: string) => call<SessionSummary>('POST', '/api/app/session', { token }),
  session: () => call<SessionSummary>('GET', '/api/app/session'),
  pages: () => call<{ pages: StagedPage[] }>('GET', '/api/app/pages'),
  uploadPages(files: File[] | Blob[]): Promise<{ pages: StagedPage[] }> {
    const form = new FormData();
    files.forEach((f, i) => form.append('file', f, f instanceof File ? f.name : `photo-${i + 1}.jpg`));
    return call('POST', '/api/app/pages', form);
  },
  removePage: (id: string) =>
    call<{ pages: StagedPage[] }>('DELETE', `/api/app/pages/${encodeURIComponent(id)}`),
  read: () => call<{ prescriptionId: string }>('POST', '/api/app/read', {}),
  prescription: () => call<PrescriptionView>('GET', '/api/app/prescription'),
  editLine: (id: string, edit: LineEdit) =>
    call<{ line: AppLine }>('PUT', `/api/app/lines/${encodeURIComponent(id)}`, edit),
  addLine: (edit: LineEdit) => call<{ line: AppLine }>('POST', '/api/app/lines', edit),
  removeLine: (id: string) => call<{ removed: string }>('DELETE', `/api/app/lines/${encodeURIComponent(id)}`),
  acknowledgeLine: (id: string) =>
    call<{ line: AppLine }>('POST', `/api/app/lines/${encodeURIComponent(id)}/acknowledge`, {}),
  searchDrugs: (q: string) =>
    call<{ results: AppDrug[] }>('GET', `/api/app/drugs?q=${encodeURIComponent(q)}&k=8`),
  validate: () => call<{ prescriptionId: string; status: string }>('POST', '/api/app/validate', {}),
  cancel: () => call<{ status: string }>('POST', '/api/app/cancel', {}),
  startPairing: () => call<PairingView>('POST', '/api/app/pairing', {}),
  openMobile: (code: string) =>
    call<{ facilityName: string; expiresAt: string; kind: string }>('POST', '/api/app/mobile/session', {
      code,
    }),
  mobileSession: () =>
    call<{ facilityName: string; expiresAt: string; kind: string }>('GET', '/api/app/mobile/session'),
  uploadMobile(files: File[]): Promise<{ count: number }> {
    const form = new FormData();
    files.forEach((f) => form.append('file', f, f.name));
    return call('POST', '/api/app/mobile/pages', form);
  },
};
