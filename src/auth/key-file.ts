/**
 * @module Partner key files in the Google service-account JSON format
 * (https://cloud.google.com/iam/docs/keys-create-delete#creating), plus Ordoscan's `facilities` and
 * `audience`. Standard Google client libraries read these files unchanged.
 */
import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { AppError } from '../errors.js';

const generateKeyPairAsync = promisify(generateKeyPair);

export interface KeyFile {
  type: 'service_account';
  project_id: string;
  private_key_id: string;
  /** PKCS#8 PEM, RSA 2048. */
  private_key: string;
  client_email: string;
  client_id: string;
  auth_uri: string;
  token_uri: string;
  /** Facility slugs this key may open sessions for (informative; the registry decides). */
  facilities: string[];
  /** The `target_audience` to request (the environment's OAuth client id). */
  audience: string;
}

export interface GeneratedKeyPair {
  keyId: string;
  privateKeyPem: string;
  publicKeyPem: string;
}

/** Generates an RSA 2048 key pair and a random 40-hex key id (Google's private_key_id format). */
export async function generateServiceAccountKeyPair(): Promise<GeneratedKeyPair> {
  const { privateKey, publicKey } = await generateKeyPairAsync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { keyId: randomBytes(20).toString('hex'), privateKeyPem: privateKey, publicKeyPem: publicKey };
}

/** @returns a lower-case, dash-separated form of a name, for client emails and project ids */
export function slugify(name: string): string {
  const s = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return s === '' ? 'partner' : s;
}

/**
 * Reads and checks a key file.
 * @param text - the JSON text
 * @throws AppError `invalid` naming the missing or bad fields
 */
export function parseKeyFile(text: string): KeyFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AppError('invalid', 'The key file is not valid JSON');
  }
  const o = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const bad: string[] = [];
  if (o.type !== 'service_account') bad.push('type (must be "service_account")');
  for (const f of ['private_key_id', 'private_key', 'client_email', 'token_uri'] as const) {
    if (typeof o[f] !== 'string' || o[f] === '') bad.push(f);
  }
  if (typeof o.private_key === 'string' && !o.private_key.includes('PRIVATE KEY')) {
    bad.push('private_key (not PEM)');
  }
  if (bad.length > 0) throw new AppError('invalid', `The key file lacks or has a bad ${bad.join(', ')}`);
  return {
    facilities: [],
    audience: '',
    project_id: '',
    client_id: '',
    auth_uri: '',
    ...(o as Partial<KeyFile>),
  } as KeyFile;
}
