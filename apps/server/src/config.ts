// The only reader of process.env: parses, validates and fails fast.
import { z } from 'zod';
import path from 'node:path';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.url().optional(),
  DATABASE_URL: z.string().min(1).optional(),
  DATA_DIR: z.string().default('./data'),
  WORKER_IN_PROCESS: bool.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  COOKIE_SECURE: bool.optional(),
  WEB_DIST: z.string().optional(),
  /** 32-byte key (hex or base64) encrypting secrets at rest; generated into DATA_DIR outside production. */
  ENCRYPTION_KEY: z.string().optional(),
  TRUST_PROXY: bool.default(false),
  /** Where uploaded files' bytes are kept; default DATA_DIR/files. */
  FILES_DIR: z.string().optional(),
  /** The largest upload: bytes, or with a unit (`512KB`, `50MB`, `1GB`). */
  /** Form submissions one IP may send per minute through the public intake API (0: no limit). */
  INTAKE_RATE_LIMIT: z.coerce.number().int().min(0).default(20),
  /** The largest form submission: bytes, or with a unit (`32KB`). */
  INTAKE_BODY_LIMIT: z
    .string()
    .regex(/^\d+\s*([kmg]i?b?|b)?$/i, 'must be a size like 32KB or 32768')
    .default('32KB'),
  FILE_SIZE_LIMIT: z
    .string()
    .regex(/^\d+\s*([kmg]i?b?|b)?$/i, 'must be a size like 50MB or 1048576')
    .default('50MB'),
  /**
   * Hosts (`host` or `host:port`, comma-separated) outbound requests may reach on private or loopback
   * addresses for every account, e.g. a test amoCRM at 127.0.0.1:4010; accounts add their own in settings.
   */
  OUTBOUND_ALLOWED_HOSTS: z.string().default(''),
  /** The installation's mail server for robots' e-mails: smtp://user:pass@host:587 or smtps://…:465. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  /** The sender of robots' e-mails. */
  SMTP_FROM: z.string().default('Voronka <noreply@localhost>'),
});

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** "50MB" → 52428800; units are binary (1 KB = 1024 bytes), as upload dialogs count them. */
export function parseByteSize(text: string): number {
  const match = /^(\d+)\s*([kmg]?)/i.exec(text.trim());
  return Number(match?.[1] ?? 0) * (UNITS[(match?.[2] ?? '').toLowerCase()] ?? 1);
}

export type Config = ReturnType<typeof loadConfig>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && !e.ENCRYPTION_KEY) {
    throw new Error('Invalid configuration:\n  ENCRYPTION_KEY: required in production');
  }
  if (!e.DATABASE_URL && !e.WORKER_IN_PROCESS) {
    throw new Error(
      'Invalid configuration:\n  WORKER_IN_PROCESS: the embedded database runs its worker in the API process; set DATABASE_URL to run workers apart',
    );
  }
  // npm runs workspace scripts inside the workspace; relative paths mean where the command was typed.
  const base = env.INIT_CWD ?? process.cwd();
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicUrl,
    /** Without PUBLIC_URL, links (invitations) use the address the request came to. */
    publicUrlFixed: e.PUBLIC_URL !== undefined,
    database: e.DATABASE_URL
      ? ({ kind: 'postgres', url: e.DATABASE_URL } as const)
      : ({ kind: 'pglite', dataDir: path.resolve(base, e.DATA_DIR, 'pglite') } as const),
    dataDir: path.resolve(base, e.DATA_DIR),
    filesDir: path.resolve(base, e.FILES_DIR ?? path.join(e.DATA_DIR, 'files')),
    fileSizeLimit: parseByteSize(e.FILE_SIZE_LIMIT),
    intakeRateLimit: e.INTAKE_RATE_LIMIT,
    intakeBodyLimit: parseByteSize(e.INTAKE_BODY_LIMIT),
    workerInProcess: e.WORKER_IN_PROCESS,
    logLevel: e.LOG_LEVEL,
    cookieSecure: e.COOKIE_SECURE ?? publicUrl.startsWith('https://'),
    webDist: e.WEB_DIST ? path.resolve(base, e.WEB_DIST) : undefined,
    encryptionKey: e.ENCRYPTION_KEY,
    trustProxy: e.TRUST_PROXY,
    smtpUrl: e.SMTP_URL,
    smtpFrom: e.SMTP_FROM,
    outboundAllowedHosts: e.OUTBOUND_ALLOWED_HOSTS.split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
  };
}
