/**
 * @module Token endpoint and OIDC discovery: `POST /oauth2/token` (RFC 7523 JWT bearer grant, form or
 * JSON body), `/.well-known/jwks.json`, `/.well-known/openid-configuration`. Errors follow RFC 6749 §5.2.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { JWT_BEARER_GRANT, OAuthError, exchangeAssertion } from '../../auth/assertion.js';
import { tokenUri } from '../../auth/partner-keys.js';
import { ID_TOKEN_ALG, listPublicJwks, type SigningKey } from '../../auth/signing-keys.js';
import type { Config } from '../../config.js';
import type { Db } from '../../store/db.js';
import {
  JwksSchema,
  OAuthErrorSchema,
  OpenIdConfigurationSchema,
  TokenRequestSchema,
  TokenResponseSchema,
} from '../schemas/oauth.js';
import { Type } from '@fastify/type-provider-typebox';

const TAGS = ['Authentication'];

/**
 * Registers the token endpoint and discovery documents.
 * @param app - root instance
 * @param deps - config, database, Ordoscan's signing key
 */
export async function registerOAuthRoutes(
  app: FastifyInstance,
  deps: { config: Config; db: Db; signingKey: SigningKey },
): Promise<void> {
  const { config, db, signingKey } = deps;
  const settings = {
    issuer: config.publicUrl,
    tokenUri: tokenUri(config.publicUrl),
    audience: config.oauthClientId,
  };

  await app.register((scope, _opts, done) => {
    // RFC 6749 requests are form-encoded; the parser only applies inside this scope.
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_req, body, cb) => {
        cb(null, Object.fromEntries(new URLSearchParams(body as string)));
      },
    );
    // A body that is not JSON/form or not an object fails before the handler: answer it as an
    // RFC 6749 error too (the project's error body does not fit this route's 400 schema → 500).
    scope.setErrorHandler((err: FastifyError, _request, reply) => {
      if (err.statusCode !== 400) throw err;
      return reply.status(400).send({ error: 'invalid_request', error_description: err.message });
    });
    scope.withTypeProvider<TypeBoxTypeProvider>().post(
      '/oauth2/token',
      {
        schema: {
          tags: TAGS,
          summary: 'Exchange a signed service-account assertion for an id token (RFC 7523)',
          body: Type.Partial(TokenRequestSchema, { additionalProperties: true }),
          response: { 200: TokenResponseSchema, 400: OAuthErrorSchema },
        },
      },
      async (request, reply) => {
        void reply.header('cache-control', 'no-store');
        const { grant_type: grant, assertion } = request.body;
        try {
          if (grant !== JWT_BEARER_GRANT) {
            throw new OAuthError('unsupported_grant_type', `grant_type must be ${JWT_BEARER_GRANT}`);
          }
          if (assertion === undefined || assertion === '') {
            throw new OAuthError('invalid_request', 'assertion is required');
          }
          return await exchangeAssertion(db, signingKey, settings, assertion);
        } catch (err) {
          if (!(err instanceof OAuthError)) throw err;
          return reply.status(400).send({ error: err.error, error_description: err.message });
        }
      },
    );
    done();
  });

  app.get(
    '/.well-known/jwks.json',
    { schema: { tags: TAGS, summary: 'Public keys of Ordoscan id tokens', response: { 200: JwksSchema } } },
    async (_req, reply) => {
      void reply.header('cache-control', 'public, max-age=300');
      return { keys: await listPublicJwks(db) };
    },
  );

  app.get(
    '/.well-known/openid-configuration',
    {
      schema: {
        tags: TAGS,
        summary: 'OpenID Provider metadata',
        response: { 200: OpenIdConfigurationSchema },
      },
    },
    () => ({
      issuer: config.publicUrl,
      token_endpoint: settings.tokenUri,
      jwks_uri: `${config.publicUrl}/.well-known/jwks.json`,
      response_types_supported: ['id_token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: [ID_TOKEN_ALG],
      grant_types_supported: [JWT_BEARER_GRANT],
      token_endpoint_auth_methods_supported: ['none'],
      claims_supported: ['iss', 'sub', 'aud', 'iat', 'exp', 'email', 'email_verified'],
    }),
  );
}
