/**
 * @module Configuration: the only place that reads the environment. `loadConfig` checks every key at
 * start-up and lists every bad one in a single error, so a deployment fails fast with a clear message.
 */
import path from 'node:path';
import { DEFAULT_RETRY_DELAYS_MS } from './delivery/retry-policy.js';
import { AppError, type ErrorDetail } from './errors.js';

export interface Config {
  /** HTTP port (`PORT`, default 3000). */
  readonly port: number;
  /** Interface to bind (`HOST`, default 0.0.0.0). */
  readonly host: string;
  /** Folder for the embedded database, generated keys and local files (`DATA_DIR`, default `./data`). */
  readonly dataDir: string;
  /** PostgreSQL URL; when absent the embedded PGlite database under `dataDir/pglite` is used. */
  readonly databaseUrl: string | null;
  /** Public base URL of this service: token issuer and `token_uri` of key files (`PUBLIC_URL`). */
  readonly publicUrl: string;
  /** URL of the Scan & Go web app returned by scan-token (`SCAN_APP_URL`, default `PUBLIC_URL/scan`). */
  readonly scanAppUrl: string;
  /** Audience partners request in `target_audience` (`OAUTH_CLIENT_ID`). */
  readonly oauthClientId: string;
  /** Create the demo facility, user and partner key on an empty database (`DEMO`, default true). */
  readonly demo: boolean;
  /** Pino log level (`LOG_LEVEL`, default info). */
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Number of in-process scan workers (`SCAN_WORKERS`, default: cores, at least 1; 0 = none). */
  readonly scanWorkers: number;
  /**
   * How long a worker holds a job without renewing its lease, in ms (`JOB_LEASE_MS`, default 30000):
   * the time after which the job of a killed worker is taken over by another. Renewed every third of it.
   */
  readonly jobLeaseMs: number;
  /** Scans one partner may have waiting to be read through `POST /api/scan` before it gets 429 (`SCAN_QUEUE_LIMIT`, default 100; 0 = off). */
  readonly scanQueueLimit: number;
  /** SMTP server of the e-mail delivery channel (`SMTP_URL`, smtp:// or smtps://); null = e-mail off. */
  readonly smtpUrl: string | null;
  /** Sender address of delivery e-mails (`MAIL_FROM`, default `ordoscan@<PUBLIC_URL host>`). */
  readonly mailFrom: string;
  /** How long a webhook receiver may take to answer, in ms (`WEBHOOK_TIMEOUT_MS`, default 10000). */
  readonly webhookTimeoutMs: number;
  /**
   * Delays between the push attempts of a delivery, in ms (`DELIVERY_RETRY_SCHEDULE`: seconds,
   * comma-separated; default 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 4 h, 6 h, 6 h, 6 h ≈ 26 h).
   */
  readonly deliveryRetryDelaysMs: readonly number[];
  /** Rate-limit window in ms (`RATE_LIMIT_WINDOW_MS`, default 60000). */
  readonly rateLimitWindowMs: number;
  /** `POST /oauth2/token` requests per client IP per window (`RATE_LIMIT_OAUTH_TOKEN`, default 60; 0 = off). */
  readonly rateLimitOAuthToken: number;
  /** Context calls per client IP per window (`RATE_LIMIT_SCAN_TOKEN`, default 600; 0 = off). */
  readonly rateLimitScanToken: number;
  /** `POST /api/app/session` token exchanges per client IP per window (`RATE_LIMIT_APP_SESSION`, default 60; 0 = off). */
  readonly rateLimitAppSession: number;
  /** Minutes between retention purges in `serve` (`RETENTION_PURGE_INTERVAL_MINUTES`, default 60; 0 = off). */
  readonly retentionPurgeIntervalMinutes: number;
  /**
   * Which `X-Forwarded-*` hops to believe for the client IP and protocol (`TRUST_PROXY`): a number of
   * proxies in front (default 1), `true` (all: the client can then choose its IP and dodge rate limits),
   * `false` (none: the service is reached directly), or a comma-separated list of proxy addresses/CIDRs.
   */
  readonly trustProxy: boolean | number | string;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads and checks the configuration.
 * @param env - the environment (defaults to `process.env`)
 * @param defaults - values used where the environment is silent (tests use this)
 * @returns a frozen Config
 * @throws AppError `invalid` listing every bad key
 */
export function loadConfig(env: Env = process.env, cores = 1): Config {
  const bad: ErrorDetail[] = [];
  const str = (key: string): string | undefined => {
    const v = env[key]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const int = (key: string, def: number, min: number, max: number): number => {
    const raw = str(key);
    if (raw === undefined) return def;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      bad.push({ field: key, message: `must be an integer from ${min} to ${max}, got "${raw}"` });
      return def;
    }
    return n;
  };
  const url = (key: string, def: string): string => {
    const raw = str(key) ?? def;
    try {
      const u = new URL(raw);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
      return raw.replace(/\/+$/, '');
    } catch {
      bad.push({ field: key, message: `must be an http(s) URL, got "${raw}"` });
      return def;
    }
  };
  const bool = (key: string, def: boolean): boolean => {
    const raw = str(key)?.toLowerCase();
    if (raw === undefined) return def;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    bad.push({ field: key, message: `must be true or false, got "${raw}"` });
    return def;
  };

  const port = int('PORT', 3000, 0, 65535);
  const publicUrl = url('PUBLIC_URL', `http://localhost:${port}`);
  const databaseUrl = str('DATABASE_URL') ?? null;
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    bad.push({ field: 'DATABASE_URL', message: 'must start with postgres:// or postgresql://' });
  }
  const logLevel = (str('LOG_LEVEL') ?? 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) {
    bad.push({ field: 'LOG_LEVEL', message: `must be one of ${LOG_LEVELS.join(', ')}` });
  }
  const config: Config = {
    port,
    host: str('HOST') ?? '0.0.0.0',
    dataDir: path.resolve(str('DATA_DIR') ?? './data'),
    databaseUrl,
    publicUrl,
    scanAppUrl: url('SCAN_APP_URL', `${publicUrl}/scan`),
    oauthClientId: str('OAUTH_CLIENT_ID') ?? 'ordoscan',
    demo: bool('DEMO', true),
    logLevel: LOG_LEVELS.includes(logLevel) ? logLevel : 'info',
    scanWorkers: int('SCAN_WORKERS', Math.max(1, cores), 0, 64),
    jobLeaseMs: int('JOB_LEASE_MS', 30_000, 1000, 3_600_000),
    scanQueueLimit: int('SCAN_QUEUE_LIMIT', 100, 0, 1_000_000),
    smtpUrl: smtpUrl(str('SMTP_URL'), bad),
    mailFrom: str('MAIL_FROM') ?? `ordoscan@${new URL(publicUrl).hostname}`,
    webhookTimeoutMs: int('WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000),
    deliveryRetryDelaysMs: retrySchedule(str('DELIVERY_RETRY_SCHEDULE'), bad),
    rateLimitWindowMs: int('RATE_LIMIT_WINDOW_MS', 60_000, 1000, 3_600_000),
    rateLimitOAuthToken: int('RATE_LIMIT_OAUTH_TOKEN', 60, 0, 1_000_000),
    rateLimitScanToken: int('RATE_LIMIT_SCAN_TOKEN', 600, 0, 1_000_000),
    rateLimitAppSession: int('RATE_LIMIT_APP_SESSION', 60, 0, 1_000_000),
    retentionPurgeIntervalMinutes: int('RETENTION_PURGE_INTERVAL_MINUTES', 60, 0, 10_080),
    trustProxy: trustProxy(str('TRUST_PROXY')),
  };
  if (bad.length > 0) {
    throw new AppError(
      'invalid',
      `Invalid configuration: ${bad.map((b) => `${b.field} ${b.message}`).join('; ')}`,
      { details: bad },
    );
  }
  return Object.freeze(config);
}

function trustProxy(raw: string | undefined): boolean | number | string {
  if (raw === undefined) return 1;
  if (/^(true|false)$/i.test(raw)) return raw.toLowerCase() === 'true';
  if (/^\d{1,2}$/.test(raw)) return Number(raw);
  return raw;
}

/** Parses `DELIVERY_RETRY_SCHEDULE`: 1 to 30 delays in seconds (0.1 to 604800), comma-separated. */
function retrySchedule(raw: string | undefined, bad: ErrorDetail[]): readonly number[] {
  if (raw === undefined) return DEFAULT_RETRY_DELAYS_MS;
  const secs = raw.split(',').map((p) => Number(p.trim()));
  if (secs.length > 30 || secs.some((n) => !Number.isFinite(n) || n < 0.1 || n > 604_800)) {
    bad.push({
      field: 'DELIVERY_RETRY_SCHEDULE',
      message: `must be 1 to 30 comma-separated delays in seconds (0.1 to 604800), got "${raw}"`,
    });
    return DEFAULT_RETRY_DELAYS_MS;
  }
  return secs.map((n) => Math.round(n * 1000));
}

function smtpUrl(raw: string | undefined, bad: ErrorDetail[]): string | null {
  if (raw === undefined) return null;
  if (!/^smtps?:\/\/[^/]/.test(raw)) {
    bad.push({ field: 'SMTP_URL', message: 'must be an smtp:// or smtps:// URL' });
    return null;
  }
  return raw;
}
