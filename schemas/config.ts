import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

/** Empty strings in the environment mean "unset", as in most twelve-factor tools. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

const port = (fallback: number) => optional(z.coerce.number().int().min(0).max(65535)).transform((v) => v ?? fallback);

const envSchema = z.object({
  NODE_ENV: optional(z.enum(['development', 'test', 'production'])).transform((v) => v ?? 'development'),
  PORT: port(3000),
  PUBLIC_BASE_URL: optional(z.url({ protocol: /^https?$/ })),
  DATA_DIR: optional(z.string()).transform((v) => v ?? './.data'),
  DATABASE_URL: optional(
    z.string().regex(/^(postgres(ql)?:\/\/|sqlite:)/, 'must start with postgres://, postgresql:// or sqlite:'),
  ),
  REDIS_URL: optional(z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')),
  TEMPORAL_ADDRESS: optional(z.string().regex(/^[\w.-]+:\d+$/, 'must be host:port')),
  TEMPORAL_NAMESPACE: optional(z.string()).transform((v) => v ?? 'default'),
  TEMPORAL_TASK_QUEUE: optional(z.string()).transform((v) => v ?? 'assistant'),
  TEMPORAL_DEV_SERVER_PORT: port(7233),
  TEMPORAL_UI_PORT: port(8233),
  TEMPORAL_CLI_PATH: optional(z.string()),
  TWILIO_ACCOUNT_SID: optional(z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must look like AC followed by 32 hex digits')),
  TWILIO_AUTH_TOKEN: optional(z.string().min(8)),
  TWILIO_API_BASE_URL: optional(z.url({ protocol: /^https?$/ })).transform((v) => v ?? 'https://api.twilio.com'),
  GEMINI_API_KEY: optional(z.string()),
  /** HMAC secret for access tokens (≥ 32 chars). Required in production; development generates one in DATA_DIR. */
  JWT_SECRET: optional(z.string().min(32, 'must be at least 32 characters')),
  /** `id:base64-32-bytes[,id:…]`: the first key encrypts, every key decrypts (rotation). */
  DATA_ENCRYPTION_KEYS: optional(
    z.string().regex(/^[\w-]{1,16}:[A-Za-z0-9+/=]{43,44}(,[\w-]{1,16}:[A-Za-z0-9+/=]{43,44})*$/, 'must be id:base64-32-bytes[,id:base64-32-bytes…]'),
  ),
  REMINDER_NAG_MINUTES: optional(
    z.string().regex(/^\d{1,4}(,\d{1,4}){0,9}$/, 'must be minutes separated by commas, e.g. 10,20,40'),
  ).transform((v) => (v ?? '10,20,40').split(',').map(Number)),
  LOG_LEVEL: optional(z.enum(['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'])).transform(
    (v) => v ?? 'info',
  ),
  /** Origin(s) of the Temporal Web UI allowed to call the codec server (CORS), comma-separated. */
  TEMPORAL_UI_ORIGIN: optional(
    z.string().regex(/^https?:\/\/[^/,\s]+(,https?:\/\/[^/,\s]+)*$/, 'must be origins like https://temporal.example.com, comma-separated'),
  ),
  /** Browser origins allowed to call the API (CORS), comma-separated; unset → none. */
  CORS_ORIGINS: optional(
    z.string().regex(/^https?:\/\/[^\s,/]+(,\s*https?:\/\/[^\s,/]+)*$/, 'must be origins like https://app.example.com, comma-separated'),
  ).transform((v) => (v ?? '').split(',').map((o) => o.trim()).filter(Boolean)),
  RATE_LIMIT_PER_IP_PER_MINUTE: optional(z.coerce.number().int().min(1)).transform((v) => v ?? 300),
  RATE_LIMIT_PER_USER_PER_MINUTE: optional(z.coerce.number().int().min(1)).transform((v) => v ?? 120),
  /** Standalone worker: serve its Prometheus metrics on this port (unset → not served). */
  WORKER_METRICS_PORT: optional(z.coerce.number().int().min(0).max(65535)),
  /** The Gemini brain (docs/brain.md); only used when GEMINI_API_KEY is set. */
  GEMINI_MODEL: optional(z.string().regex(/^[\w.-]+$/, 'must be a model name, e.g. gemini-2.5-flash')).transform((v) => v ?? 'gemini-2.5-flash'),
  GEMINI_API_BASE_URL: optional(z.url({ protocol: /^https?$/ })),
  GEMINI_TIMEOUT_MS: optional(z.coerce.number().int().min(100).max(60_000)).transform((v) => v ?? 10_000),
  GEMINI_MAX_STEPS: optional(z.coerce.number().int().min(1).max(10)).transform((v) => v ?? 4),
  GEMINI_BREAKER_FAILURES: optional(z.coerce.number().int().min(1).max(100)).transform((v) => v ?? 3),
  GEMINI_BREAKER_HALF_OPEN_MS: optional(z.coerce.number().int().min(100).max(3_600_000)).transform((v) => v ?? 30_000),
  /** Backups (npm run backup / restore) and retention (privacy). */
  BACKUP_DIR: optional(z.string()),
  BACKUP_RETENTION_DAYS: optional(z.coerce.number().int().min(1).max(3650)).transform((v) => v ?? 30),
  BACKUP_KEEP: optional(z.coerce.number().int().min(1).max(1000)).transform((v) => v ?? 7),
  MESSAGE_RETENTION_DAYS: optional(z.coerce.number().int().min(1).max(36500)).transform((v) => v ?? 365),
  // Numbers, outbound throughput and SMS cost (docs/numbers.md).
  NUMBER_COOLING_OFF_DAYS: optional(z.coerce.number().int().min(0).max(3650)).transform((v) => v ?? 90),
  OUTBOUND_SEGMENTS_PER_SECOND: optional(z.coerce.number().positive().max(1000)).transform((v) => v ?? 1),
  SMS_PRICE_PER_SEGMENT_USD: optional(z.coerce.number().min(0).max(10)).transform((v) => v ?? 0.0083),
  NUMBER_PRICE_PER_MONTH_USD: optional(z.coerce.number().min(0).max(1000)).transform((v) => v ?? 1.15),
  SMS_BUDGET_USD_USER: optional(z.coerce.number().min(0).max(100000)).transform((v) => v ?? 5),
  SMS_BUDGET_USD_PREMIUM: optional(z.coerce.number().min(0).max(100000)).transform((v) => v ?? 20),
  // Integrations (docs/integrations.md): a provider without its client id and secret is not offered.
  GOOGLE_CLIENT_ID: optional(z.string()),
  GOOGLE_CLIENT_SECRET: optional(z.string()),
  MS_CLIENT_ID: optional(z.string()),
  MS_CLIENT_SECRET: optional(z.string()),
  NOTION_CLIENT_ID: optional(z.string()),
  NOTION_CLIENT_SECRET: optional(z.string()),
  GOOGLE_OAUTH_BASE_URL: optional(z.url({ protocol: /^https?$/ })),
  GOOGLE_API_BASE_URL: optional(z.url({ protocol: /^https?$/ })),
  MS_LOGIN_BASE_URL: optional(z.url({ protocol: /^https?$/ })),
  MS_GRAPH_BASE_URL: optional(z.url({ protocol: /^https?$/ })),
  NOTION_API_BASE_URL: optional(z.url({ protocol: /^https?$/ })),
});

export type Env = z.infer<typeof envSchema>;

export type DatabaseLocation = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

export type DatabaseConfig = DatabaseLocation & {
  /** The key ring of the encrypted columns (schemas/field-crypto.ts): the same keys as `encryptionKeys`. */
  encryptionKeys: { id: string; key: Buffer }[];
};

export interface Config {
  env: Env['NODE_ENV'];
  port: number;
  publicBaseUrl: string;
  dataDir: string;
  database: DatabaseConfig;
  redisUrl: string | null;
  temporal: {
    /** Set when an external Temporal server is to be used; null means "run the embedded dev server". */
    address: string | null;
    namespace: string;
    taskQueue: string;
    devServerPort: number;
    uiPort: number;
    cliPath: string | null;
  };
  twilio: {
    /** null when no credentials are set: outbound SMS go to the local outbox instead. */
    credentials: { accountSid: string; authToken: string } | null;
    apiBaseUrl: string;
    /** The token webhooks are signed with: Twilio's auth token, or a generated local one in development. */
    webhookAuthToken: string;
  };
  geminiApiKey: string | null;
  auth: {
    /** Signs and verifies access tokens (HS256). Never log it. */
    jwtSecret: string;
  };
  /** Data-at-rest key ring (schemas/keyring.ts): the first key encrypts, all decrypt. */
  encryptionKeys: { id: string; key: Buffer }[];
  reminders: {
    /** Minutes between nags after a reminder fires; its length is how many nags at most. */
    nagMinutes: number[];
  };
  logLevel: Env['LOG_LEVEL'];
  codec: {
    /** Temporal UI origins the codec server answers with CORS: TEMPORAL_UI_ORIGIN, or the embedded UI's. */
    uiOrigins: string[];
  };
  /** The REST API's edge: CORS allowlist and rate limits (per client IP, per user or partner). */
  api: {
    corsOrigins: string[];
    rateLimits: { perIpPerMinute: number; perUserPerMinute: number };
  };
  /** Port of the standalone worker's /metrics; null → not served. */
  workerMetricsPort: number | null;
  /** null without GEMINI_API_KEY: the offline brain answers everything. */
  gemini: GeminiConfig | null;
  backup: {
    /** Where `npm run backup` writes its archives and the erased-accounts index (default DATA_DIR/backups). */
    dir: string;
    /** Archives older than this are deleted… */
    retentionDays: number;
    /** …except the newest `keep`, whatever their age. */
    keep: number;
  };
  privacy: {
    /** SMS older than this are purged daily by the retention schedule. */
    messageRetentionDays: number;
  };
  numbers: {
    /** A released number is not given to another user before this many days. */
    coolingOffDays: number;
  };
  outbound: {
    /** Per sending number (long code): Twilio queues beyond ~1 segment/s, carriers filter bursts. */
    segmentsPerSecond: number;
    pricePerSegmentUsd: number;
    numberPricePerMonthUsd: number;
    /** Monthly SMS budget per plan, USD: at 80 % replies shorten, at 100 % only reminders and carrier keywords go out. */
    budgetUsd: { user: number; premium: number };
  };
  integrations: IntegrationsConfig;
}

export interface GeminiConfig {
  apiKey: string;
  model: string;
  /** httpOptions.baseUrl of @google/genai (tests: a local fake); null → Google's endpoint. */
  baseUrl: string | null;
  timeoutMs: number;
  /** Model calls per turn at most; the last one may not call tools. */
  maxSteps: number;
  /** Consecutive failures that open the circuit, and how long it stays open before one trial call. */
  breakerFailures: number;
  breakerHalfOpenMs: number;
}

export type ProviderName = 'google' | 'microsoft' | 'notion';

/** OAuth clients (null: the provider is not offered) and base URLs (overridable for tests). */
export interface IntegrationsConfig {
  clients: Record<ProviderName, { clientId: string; clientSecret: string } | null>;
  urls: {
    /** Google authorize (`/o/oauth2/v2/auth`), token (`/token`) and revoke (`/revoke`). */
    googleOAuth: string | null;
    googleApi: string;
    msLogin: string;
    msGraph: string;
    notionApi: string;
  };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment once; a bad value throws a ConfigError naming the variable. Never log the result whole. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = issue?.path.join('.') ?? 'environment';
    throw new ConfigError(`Invalid configuration: ${name}: ${issue?.message ?? 'invalid value'}`);
  }
  const env = parsed.data;
  const hasSid = env.TWILIO_ACCOUNT_SID !== undefined;
  const hasToken = env.TWILIO_AUTH_TOKEN !== undefined;
  if (hasSid !== hasToken) {
    throw new ConfigError(
      `Invalid configuration: ${hasSid ? 'TWILIO_AUTH_TOKEN' : 'TWILIO_ACCOUNT_SID'}: required when ${hasSid ? 'TWILIO_ACCOUNT_SID' : 'TWILIO_AUTH_TOKEN'} is set`,
    );
  }
  if (env.NODE_ENV === 'production') {
    for (const name of ['JWT_SECRET', 'DATA_ENCRYPTION_KEYS', 'TWILIO_AUTH_TOKEN'] as const) {
      if (env[name] === undefined) throw new ConfigError(`Invalid configuration: ${name}: required when NODE_ENV=production`);
    }
  }
  const dataDir = resolve(env.DATA_DIR);
  const credentials = hasSid && hasToken ? { accountSid: env.TWILIO_ACCOUNT_SID!, authToken: env.TWILIO_AUTH_TOKEN! } : null;
  const encryptionKeys = parseKeys(
    env.DATA_ENCRYPTION_KEYS ?? `local:${Buffer.from(localSecret(dataDir, 'dataEncryptionKey'), 'hex').toString('base64')}`,
  );
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    publicBaseUrl: (env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
    dataDir,
    database: { ...databaseConfig(env.DATABASE_URL, dataDir), encryptionKeys },
    redisUrl: env.REDIS_URL ?? null,
    temporal: {
      address: env.TEMPORAL_ADDRESS ?? null,
      namespace: env.TEMPORAL_NAMESPACE,
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      devServerPort: env.TEMPORAL_DEV_SERVER_PORT,
      uiPort: env.TEMPORAL_UI_PORT,
      cliPath: env.TEMPORAL_CLI_PATH ?? null,
    },
    twilio: {
      credentials,
      apiBaseUrl: env.TWILIO_API_BASE_URL.replace(/\/+$/, ''),
      webhookAuthToken: credentials?.authToken ?? localSecret(dataDir, 'twilioWebhookToken'),
    },
    geminiApiKey: env.GEMINI_API_KEY ?? null,
    auth: { jwtSecret: env.JWT_SECRET ?? localSecret(dataDir, 'jwtSecret') },
    encryptionKeys,
    reminders: { nagMinutes: env.REMINDER_NAG_MINUTES },
    logLevel: env.LOG_LEVEL,
    codec: {
      uiOrigins: env.TEMPORAL_UI_ORIGIN?.split(',')
        ?? (env.TEMPORAL_ADDRESS ? [] : [`http://localhost:${env.TEMPORAL_UI_PORT}`, `http://127.0.0.1:${env.TEMPORAL_UI_PORT}`]),
    },
    api: {
      corsOrigins: env.CORS_ORIGINS,
      rateLimits: { perIpPerMinute: env.RATE_LIMIT_PER_IP_PER_MINUTE, perUserPerMinute: env.RATE_LIMIT_PER_USER_PER_MINUTE },
    },
    workerMetricsPort: env.WORKER_METRICS_PORT ?? null,
    gemini: env.GEMINI_API_KEY
      ? {
          apiKey: env.GEMINI_API_KEY,
          model: env.GEMINI_MODEL,
          baseUrl: env.GEMINI_API_BASE_URL?.replace(/\/+$/, '') ?? null,
          timeoutMs: env.GEMINI_TIMEOUT_MS,
          maxSteps: env.GEMINI_MAX_STEPS,
          breakerFailures: env.GEMINI_BREAKER_FAILURES,
          breakerHalfOpenMs: env.GEMINI_BREAKER_HALF_OPEN_MS,
        }
      : null,
    backup: {
      dir: resolve(env.BACKUP_DIR ?? join(dataDir, 'backups')),
      retentionDays: env.BACKUP_RETENTION_DAYS,
      keep: env.BACKUP_KEEP,
    },
    privacy: { messageRetentionDays: env.MESSAGE_RETENTION_DAYS },
    numbers: { coolingOffDays: env.NUMBER_COOLING_OFF_DAYS },
    outbound: {
      segmentsPerSecond: env.OUTBOUND_SEGMENTS_PER_SECOND,
      pricePerSegmentUsd: env.SMS_PRICE_PER_SEGMENT_USD,
      numberPricePerMonthUsd: env.NUMBER_PRICE_PER_MONTH_USD,
      budgetUsd: { user: env.SMS_BUDGET_USD_USER, premium: env.SMS_BUDGET_USD_PREMIUM },
    },
    integrations: integrationsConfig(env),
  };
}

function integrationsConfig(env: Env): IntegrationsConfig {
  const pair = (id: string | undefined, secret: string | undefined, idName: string, secretName: string) => {
    if ((id === undefined) !== (secret === undefined)) {
      throw new ConfigError(`Invalid configuration: ${id === undefined ? idName : secretName}: required when ${id === undefined ? secretName : idName} is set`);
    }
    return id && secret ? { clientId: id, clientSecret: secret } : null;
  };
  const trim = (url: string) => url.replace(/\/+$/, '');
  return {
    clients: {
      google: pair(env.GOOGLE_CLIENT_ID, env.GOOGLE_CLIENT_SECRET, 'GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET'),
      microsoft: pair(env.MS_CLIENT_ID, env.MS_CLIENT_SECRET, 'MS_CLIENT_ID', 'MS_CLIENT_SECRET'),
      notion: pair(env.NOTION_CLIENT_ID, env.NOTION_CLIENT_SECRET, 'NOTION_CLIENT_ID', 'NOTION_CLIENT_SECRET'),
    },
    urls: {
      googleOAuth: env.GOOGLE_OAUTH_BASE_URL ? trim(env.GOOGLE_OAUTH_BASE_URL) : null,
      googleApi: trim(env.GOOGLE_API_BASE_URL ?? 'https://www.googleapis.com'),
      msLogin: trim(env.MS_LOGIN_BASE_URL ?? 'https://login.microsoftonline.com'),
      msGraph: trim(env.MS_GRAPH_BASE_URL ?? 'https://graph.microsoft.com'),
      notionApi: trim(env.NOTION_API_BASE_URL ?? 'https://api.notion.com'),
    },
  };
}

function parseKeys(spec: string): { id: string; key: Buffer }[] {
  const keys = spec.split(',').map((part) => {
    const [id, b64] = part.split(':') as [string, string];
    const key = Buffer.from(b64, 'base64');
    if (key.length !== 32) throw new ConfigError(`Invalid configuration: DATA_ENCRYPTION_KEYS: key "${id}" is not 32 bytes`);
    return { id, key };
  });
  if (new Set(keys.map((k) => k.id)).size !== keys.length) {
    throw new ConfigError('Invalid configuration: DATA_ENCRYPTION_KEYS: key ids must be unique');
  }
  return keys;
}

function databaseConfig(url: string | undefined, dataDir: string): DatabaseLocation {
  if (url === undefined) return { kind: 'sqlite', path: join(dataDir, 'assistant.db') };
  if (url.startsWith('sqlite:')) return { kind: 'sqlite', path: resolve(url.slice('sqlite:'.length)) };
  return { kind: 'postgres', url };
}

/**
 * Secrets the embedded default needs but nobody configured (e.g. the token the local SMS
 * simulator signs webhooks with). Generated once and kept in DATA_DIR so every process that
 * shares the directory (api, worker, `npm run chat`) agrees on them.
 */
function localSecret(dataDir: string, name: string): string {
  const file = join(dataDir, 'local-secrets.json');
  const secrets: Record<string, string> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const existing = secrets[name];
  if (existing) return existing;
  // 32 bytes: also used as an AES-256 key (dataEncryptionKey) and an HMAC secret (jwtSecret).
  secrets[name] = randomBytes(32).toString('hex');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets[name];
}

/** For entrypoints: load the config or print one line and exit 1. */
export function loadConfigOrExit(source: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(source);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}
