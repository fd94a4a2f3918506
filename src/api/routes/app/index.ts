/**
 * @module The clinician app API (`/api/app/*`, scan-session cookie) and the partner QR code route.
 * App routes share one encapsulated scope: multipart parsing, security headers, no-store and the
 * CSRF header check on every state-changing call. See `wire.ts` for the shapes.
 */
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { appRequestGuard, type AppRouteDeps } from './context.js';
import { registerDrugSearchRoute } from './drugs.js';
import { registerFinishRoutes } from './finish.js';
import { registerLineRoutes } from './lines.js';
import { registerPageRoutes } from './pages.js';
import { registerPairingRoutes } from './pairing.js';
import { registerPatientQrRoute } from './partner-qrcode.js';
import { registerPrescriptionRoutes } from './prescription.js';
import { MAX_SESSION_PAGES, MAX_UPLOAD_BYTES } from './uploads.js';

export type { AppRouteDeps };

/**
 * Registers the app routes.
 * @param app - root instance (scan sessions and partner auth installed)
 * @param deps - config and database
 */
export async function registerAppRoutes(app: FastifyInstance, deps: AppRouteDeps): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(multipart, {
      limits: {
        fileSize: MAX_UPLOAD_BYTES,
        files: MAX_SESSION_PAGES,
        fields: 10,
        parts: MAX_SESSION_PAGES + 10,
      },
    });
    scope.addHook('onRequest', appRequestGuard);
    registerPageRoutes(scope, deps);
    registerPairingRoutes(scope, deps);
    registerPrescriptionRoutes(scope, deps);
    registerLineRoutes(scope, deps);
    registerDrugSearchRoute(scope);
    registerFinishRoutes(scope, deps);
  });
  registerPatientQrRoute(app, deps);
}
