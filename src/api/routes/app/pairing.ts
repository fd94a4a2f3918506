/**
 * @module Phone pairing. The desktop asks for a pairing (`POST /api/app/pairing`) and shows its QR
 * code (an SVG generated here with `qrcode`, sent in the response: the code itself is never stored); the phone opens `<app>/mobile?code=…`, exchanges the
 * single-use code for a capture cookie (`POST /api/app/mobile/session`) and sends photos
 * (`POST /api/app/mobile/pages`), which land in the session's pages (or, for a patient QR code from a
 * partner, in that patient file's inbox until the next session claims them).
 */
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import QRCode from 'qrcode';
import { AppError } from '../../../errors.js';
import { findScanSession } from '../../../registry/scan-sessions.js';
import { TERMINAL_STATES } from '../../../registry/types.js';
import {
  createPairing,
  exchangePairingCode,
  insertInboxFile,
  pairingFromCookie,
  type Pairing,
} from '../../../store/pairing.js';
import { addStagedPage, listStagedPages } from '../../../store/session-pages.js';
import { appMountPath } from '../../plugins/static-app.js';
import { openSessionOf, type AppRouteDeps } from './context.js';
import { MAX_SESSION_PAGES, readUploads } from './uploads.js';

/** Lifetime of a desktop pairing link, seconds. */
export const PAIRING_TTL_SECONDS = 10 * 60;
/** Name of the phone's capture cookie. */
export const MOBILE_COOKIE = 'ordoscan_mobile';

/** @returns the phone link for a one-time code */
export function mobileLink(scanAppUrl: string, code: string): string {
  const u = new URL(scanAppUrl);
  u.pathname = `${appMountPath(scanAppUrl)}/mobile`;
  u.search = `?code=${encodeURIComponent(code)}`;
  return u.toString();
}

const PairingSchema = Type.Object({
  id: Type.String(),
  url: Type.String(),
  qrSvg: Type.String(),
  expiresAt: Type.String(),
});
const MobileSessionSchema = Type.Object({
  facilityName: Type.String(),
  expiresAt: Type.String(),
  kind: Type.String(),
});

async function mobileView(
  deps: AppRouteDeps,
  p: Pairing,
): Promise<{ facilityName: string; expiresAt: string; kind: string }> {
  const r = await deps.db.query<{ name: string }>('select name from facilities where id = $1', [
    p.facilityId,
  ]);
  return { facilityName: r.rows[0]?.name ?? '', expiresAt: p.expiresAt.toISOString(), kind: p.kind };
}

/** @returns the pairing behind the phone's cookie, its session still open */
async function capturePairing(deps: AppRouteDeps, cookie: string | undefined): Promise<Pairing> {
  const p = await pairingFromCookie(deps.db, cookie);
  if (p.sessionId !== null) {
    const s = await findScanSession(deps.db, p.sessionId);
    if (s === null || TERMINAL_STATES.includes(s.state) || s.state === 'ready') {
      throw new AppError(
        'gone',
        'The session on the computer is closed or already read: nothing more can be sent',
      );
    }
  }
  return p;
}

function setMobileCookie(reply: FastifyReply, value: string, expires: Date, secure: boolean): void {
  void reply.setCookie(MOBILE_COOKIE, value, {
    httpOnly: true,
    sameSite: 'strict',
    secure,
    path: '/api/app/mobile',
    expires,
  });
}

/** Registers the pairing and phone capture routes (inside the app routes' scope). */
export function registerPairingRoutes(app: FastifyInstance, deps: AppRouteDeps): void {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();

  typed.post('/api/app/pairing', { schema: { response: { 200: PairingSchema } } }, async (request) => {
    const s = await openSessionOf(request);
    const { pairing, code } = await createPairing(deps.db, {
      kind: 'session',
      sessionId: s.id,
      facilityId: s.facilityId,
      ttlSeconds: PAIRING_TTL_SECONDS,
    });
    const url = mobileLink(deps.config.scanAppUrl, code);
    // The code is not stored (only its hash), so the QR code is generated now and sent inline.
    const qrSvg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return { id: pairing.id, url, qrSvg, expiresAt: pairing.expiresAt.toISOString() };
  });

  typed.post(
    '/api/app/mobile/session',
    {
      schema: {
        body: Type.Object({ code: Type.String({ minLength: 1, maxLength: 200 }) }),
        response: { 200: MobileSessionSchema },
      },
    },
    async (request, reply) => {
      const { pairing, cookie } = await exchangePairingCode(deps.db, request.body.code);
      setMobileCookie(reply, cookie, pairing.expiresAt, request.server.secureCookies);
      return mobileView(deps, pairing);
    },
  );

  typed.get(
    '/api/app/mobile/session',
    { schema: { response: { 200: MobileSessionSchema } } },
    async (request) => mobileView(deps, await capturePairing(deps, request.cookies[MOBILE_COOKIE])),
  );

  typed.post(
    '/api/app/mobile/pages',
    { schema: { response: { 200: Type.Object({ count: Type.Integer() }) } } },
    async (request) => {
      const p = await capturePairing(deps, request.cookies[MOBILE_COOKIE]);
      const files = await readUploads(request);
      if (p.sessionId !== null) {
        const staged = await listStagedPages(deps.db, { id: p.sessionId, pathway: 'standard' });
        if (staged.length + files.length > MAX_SESSION_PAGES) {
          throw new AppError('too-large', `At most ${MAX_SESSION_PAGES} pages per prescription`);
        }
        for (const f of files) {
          await addStagedPage(deps.db, p.sessionId, {
            bytes: f.bytes,
            mediaType: f.mediaType,
            source: 'phone',
          });
        }
      } else {
        for (const f of files) {
          await insertInboxFile(deps.db, p, {
            bytes: f.bytes,
            isPdf: f.mediaType === 'application/pdf',
            mediaType: f.mediaType,
          });
        }
      }
      return { count: files.length };
    },
  );
}
