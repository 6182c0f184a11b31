/**
 * The environment of the long-running commands (worker, enqueue, schedule,
 * dashboard, serve), validated once with zod into a frozen config. A bad or
 * missing variable is an InputError: one line naming every bad variable.
 *
 * @example
 *   const config = loadConfig(process.env, ['REDIS_URL', 'DATABASE_URL']);
 *   config.redisUrl; // 'redis://127.0.0.1:6379'
 */
import { z } from 'zod';
import { InputError } from '../errors.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const envSchema = z.object({
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  DATABASE_URL: z
    .string()
    .min(1, 'must not be empty')
    .refine((v) => /^(postgres(ql)?|sqlite):/.test(v) || !/^[a-z]+:\/\//.test(v), 'must be a postgres:// URL or a SQLite file path')
    .optional(),
  RECON_QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only')
    .default('recon'),
  WORKER_CONCURRENCY: positiveInt(2),
  /** how long a job's lock lives without renewal: a killed worker's job comes back after about this long */
  WORKER_LOCK_MS: positiveInt(30_000),
  JOB_ATTEMPTS: positiveInt(3),
  JOB_BACKOFF_MS: positiveInt(5_000),
  SHUTDOWN_TIMEOUT_MS: positiveInt(30_000),
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
});

export type EnvKey = keyof z.input<typeof envSchema>;

export interface Config {
  readonly redisUrl: string;
  readonly databaseUrl: string;
  readonly queuePrefix: string;
  readonly workerConcurrency: number;
  readonly workerLockMs: number;
  readonly jobAttempts: number;
  readonly jobBackoffMs: number;
  readonly shutdownTimeoutMs: number;
  readonly port: number;
  readonly logLevel: (typeof LOG_LEVELS)[number];
}

/**
 * Reads the environment. `required` names the variables this command cannot
 * run without; the others take their defaults (an unset REDIS_URL or
 * DATABASE_URL that is not required reads as '').
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, required: EnvKey[] = []): Config {
  // an empty variable (`FOO=` in a compose file) means unset, so it takes the default
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const problems: string[] = [];
  for (const key of required) {
    if (present[key] === undefined) problems.push(`${key}: is not set`);
  }
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? 'environment');
      problems.push(`${key}: ${issue.message}`);
    }
  }
  if (problems.length > 0 || !parsed.success) {
    throw new InputError(`bad environment: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  return Object.freeze({
    redisUrl: e.REDIS_URL ?? '',
    databaseUrl: e.DATABASE_URL ?? '',
    queuePrefix: e.RECON_QUEUE_PREFIX,
    workerConcurrency: e.WORKER_CONCURRENCY,
    workerLockMs: e.WORKER_LOCK_MS,
    jobAttempts: e.JOB_ATTEMPTS,
    jobBackoffMs: e.JOB_BACKOFF_MS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
  });
}

/** The database every command opens unless told otherwise: DATABASE_URL, else recon.sqlite here. */
export function defaultDbUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATABASE_URL || 'recon.sqlite';
}
