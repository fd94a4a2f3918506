/**
 * @module Test builders for the app routes: open a scan session through the real context call and
 * token exchange, make small real images/PDFs, and build multipart bodies for `inject()`.
 * Used by the `*.int.test.ts` files beside it only.
 */
import sharp from 'sharp';
import type { FastifyInstance } from 'fastify';

export interface OpenedSession {
  /** Cookie header value for inject(). */
  cookie: string;
  /** Headers of an app call: cookie + CSRF header. */
  headers: { cookie: string; 'x-requested-with': string };
  token: string;
  patientId: string;
}

/**
 * Opens a session for a partner: scan-token, then the token → cookie exchange.
 * @param app - the app
 * @param partner - bearer headers and a scan-token body
 * @param extra - extra scan-token fields (e.g. images)
 */
export async function openAppSession(
  app: FastifyInstance,
  partner: { headers: { authorization: string }; scanTokenBody: Record<string, unknown> },
  extra: Record<string, unknown> = {},
  patientId = `P-${Math.random().toString(16).slice(2, 10)}`,
): Promise<OpenedSession> {
  const st = await app.inject({
    method: 'POST',
    url: '/api/partners/patient/scan-token',
    headers: partner.headers,
    payload: { ...partner.scanTokenBody, patientId, ...extra },
  });
  if (st.statusCode !== 200) throw new Error(`scan-token ${st.statusCode}: ${st.body}`);
  const token = st.json<{ token: string }>().token;
  const ex = await app.inject({ method: 'POST', url: '/api/app/session', payload: { token } });
  if (ex.statusCode !== 200) throw new Error(`session ${ex.statusCode}: ${ex.body}`);
  const set = ex.cookies.find((c) => c.name === 'ordoscan_session');
  if (set === undefined) throw new Error('no session cookie');
  const cookie = `ordoscan_session=${set.value}`;
  return { cookie, headers: { cookie, 'x-requested-with': 'ordoscan' }, token, patientId };
}

/** @returns a small PNG with a line of text (real image bytes) */
export async function makePng(text = 'DOLIPRANE 1000 mg'): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="120"><rect width="100%" height="100%" fill="#fff"/><text x="10" y="60" font-size="28" font-family="sans-serif">${text}</text></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** @returns a minimal one-page PDF */
export function makePdf(): Buffer {
  return Buffer.from(
    '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
      '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  );
}

/**
 * Builds a multipart/form-data body.
 * @param files - name, content type and bytes of each `file` part
 */
export function multipart(files: { name: string; type: string; bytes: Buffer }[]): {
  payload: Buffer;
  headers: { 'content-type': string };
} {
  const boundary = `----ordoscan${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const f of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`,
      ),
      f.bytes,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
