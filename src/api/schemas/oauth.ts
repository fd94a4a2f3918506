/** @module TypeBox schemas of the token endpoint and OIDC discovery documents. */
import { Type } from '@fastify/type-provider-typebox';

export const TokenRequestSchema = Type.Object({
  grant_type: Type.String({ description: 'urn:ietf:params:oauth:grant-type:jwt-bearer' }),
  assertion: Type.String({ description: 'JWT signed RS256 with the service-account key' }),
});

export const TokenResponseSchema = Type.Object({
  id_token: Type.String({ description: 'JWT signed by Ordoscan: send it as Authorization: Bearer' }),
  access_token: Type.String({ description: 'the same JWT (RFC 6749 §5.1 requires this field)' }),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer(),
});

export const OAuthErrorSchema = Type.Object({
  error: Type.String({ description: 'RFC 6749 §5.2 error code' }),
  error_description: Type.String(),
});

export const JwksSchema = Type.Object({
  keys: Type.Array(
    Type.Object({
      kty: Type.String(),
      kid: Type.String(),
      alg: Type.String(),
      use: Type.String(),
      n: Type.String(),
      e: Type.String(),
    }),
  ),
});

export const OpenIdConfigurationSchema = Type.Object({
  issuer: Type.String(),
  token_endpoint: Type.String(),
  jwks_uri: Type.String(),
  response_types_supported: Type.Array(Type.String()),
  subject_types_supported: Type.Array(Type.String()),
  id_token_signing_alg_values_supported: Type.Array(Type.String()),
  grant_types_supported: Type.Array(Type.String()),
  token_endpoint_auth_methods_supported: Type.Array(Type.String()),
  claims_supported: Type.Array(Type.String()),
});
