/**
 * @module Who is calling the partner API: from a bearer id_token to the partner, its service account
 * and the facilities it may use. The key row is re-read at most every `cacheMs` (default 1 s); a
 * revocation or a removed grant also drops the cached state at once through `forget` (wired to the
 * database's NOTIFY in api/app.ts), so it takes effect on every node as soon as the notice arrives;
 * when the listening connection was lost (notices missed), every cached state is dropped as soon as
 * it is back, and `cacheMs` bounds the wait meanwhile. Context calls re-check the key in SQL anyway.
 */
import { AppError } from '../errors.js';
import type { Queryable } from '../store/db.js';
import type { IdTokenVerifier } from './id-token.js';

/** A facility a partner may use. */
export interface AllowedFacility {
  id: string;
  slug: string;
  aliases: string[];
}

/** The authenticated caller of a partner route. */
export interface PartnerContext {
  partnerId: string;
  serviceAccountId: string;
  /** private_key_id of the key that obtained the token. */
  keyId: string;
  clientEmail: string;
  facilities: AllowedFacility[];
}

/**
 * @returns the allowed facility named by slug or alias, or null when the caller may not use it
 * @param ctx - the caller
 * @param slugOrAlias - as sent by the partner
 */
export function allowedFacility(ctx: PartnerContext, slugOrAlias: string): AllowedFacility | null {
  return ctx.facilities.find((f) => f.slug === slugOrAlias || f.aliases.includes(slugOrAlias)) ?? null;
}

export interface PartnerAuthenticator {
  /**
   * @param authorization - the Authorization header
   * @throws AppError `unauthorized`
   */
  authenticate(authorization: string | undefined): Promise<PartnerContext>;
  /**
   * Drops the cached state of a key (its revocation or grants changed), or of every key with `'*'`.
   * @param keyId - the key id, or `'*'`
   */
  forget(keyId: string): void;
}

interface ContextRow {
  revoked: boolean;
  partner_id: string;
  service_account_id: string;
  client_email: string;
  facilities: AllowedFacility[] | string;
}

/**
 * Loads a key's partner context in one query.
 * @param db - database
 * @param keyId - partner key id
 * @returns the context and whether the key is revoked, or null when the key does not exist
 */
export async function loadPartnerContext(
  db: Queryable,
  keyId: string,
): Promise<{ ctx: PartnerContext; revoked: boolean } | null> {
  const r = await db.query<ContextRow>(
    `select k.revoked_at is not null as revoked, a.partner_id, a.id as service_account_id, a.client_email,
       coalesce((select json_agg(json_build_object('id', f.id, 'slug', f.slug, 'aliases', f.aliases) order by f.slug)
                   from partner_facilities pf join facilities f on f.id = pf.facility_id
                  where pf.partner_id = a.partner_id), '[]'::json) as facilities
       from service_account_keys k join service_accounts a on a.id = k.service_account_id
      where k.id = $1`,
    [keyId],
  );
  const row = r.rows[0];
  if (row === undefined) return null;
  const facilities =
    typeof row.facilities === 'string' ? (JSON.parse(row.facilities) as AllowedFacility[]) : row.facilities;
  return {
    revoked: row.revoked,
    ctx: {
      partnerId: row.partner_id,
      serviceAccountId: row.service_account_id,
      keyId,
      clientEmail: row.client_email,
      facilities,
    },
  };
}

/**
 * Builds the authenticator used by the partner routes.
 * @param db - database
 * @param verifier - id_token verifier
 * @param cacheMs - how long a key's state may be reused (0 = read on every call)
 */
export function createPartnerAuthenticator(
  db: Queryable,
  verifier: IdTokenVerifier,
  cacheMs = 1000,
): PartnerAuthenticator {
  const cache = new Map<string, { at: number; value: Awaited<ReturnType<typeof loadPartnerContext>> }>();
  // Bumped by forget: a state read before a change is then not cached (the change may postdate it).
  let generation = 0;
  return {
    forget(keyId) {
      generation += 1;
      if (keyId === '*') cache.clear();
      else cache.delete(keyId);
    },
    async authenticate(authorization) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
      if (m === null) {
        throw new AppError(
          'unauthorized',
          'Send an id token as "Authorization: Bearer <token>" (see /oauth2/token)',
        );
      }
      const claims = await verifier.verify(m[1] as string);
      const now = Date.now();
      let entry = cache.get(claims.keyId);
      if (entry === undefined || now - entry.at >= cacheMs) {
        const seen = generation;
        entry = { at: now, value: await loadPartnerContext(db, claims.keyId) };
        if (cacheMs > 0 && seen === generation) {
          if (cache.size > 1000) cache.clear();
          cache.set(claims.keyId, entry);
        }
      }
      const value = entry.value;
      if (value === null || value.ctx.serviceAccountId !== claims.sub) {
        throw new AppError('unauthorized', 'The key behind this token no longer exists');
      }
      if (value.revoked) throw new AppError('unauthorized', 'The key behind this token has been revoked');
      return value.ctx;
    },
  };
}
