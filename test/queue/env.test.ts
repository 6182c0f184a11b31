import { describe, expect, it } from 'vitest';
import { defaultDbUrl, loadConfig } from '../../src/config/env.js';
import { InputError } from '../../src/errors.js';

describe('loadConfig', () => {
  it('reads a full environment into a frozen config', () => {
    const config = loadConfig(
      {
        REDIS_URL: 'redis://10.0.0.5:6380',
        DATABASE_URL: 'postgres://recon@db/recon',
        RECON_QUEUE_PREFIX: 'jinan',
        WORKER_CONCURRENCY: '4',
        PORT: '8080',
        LOG_LEVEL: 'debug',
      },
      ['REDIS_URL', 'DATABASE_URL'],
    );
    expect(config).toMatchObject({
      redisUrl: 'redis://10.0.0.5:6380',
      databaseUrl: 'postgres://recon@db/recon',
      queuePrefix: 'jinan',
      workerConcurrency: 4,
      port: 8080,
      logLevel: 'debug',
      jobAttempts: 3,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('takes defaults, and treats an empty variable as unset', () => {
    const config = loadConfig({ REDIS_URL: 'redis://r', WORKER_CONCURRENCY: '' }, ['REDIS_URL']);
    expect(config.workerConcurrency).toBe(2);
    expect(config.queuePrefix).toBe('recon');
    expect(config.databaseUrl).toBe('');
  });

  it('accepts a SQLite file as DATABASE_URL', () => {
    expect(loadConfig({ DATABASE_URL: '/var/lib/recon/recon.sqlite' }).databaseUrl).toBe('/var/lib/recon/recon.sqlite');
  });

  it('names every bad or missing variable in one line', () => {
    let error: unknown;
    try {
      loadConfig({ REDIS_URL: 'http://x', WORKER_CONCURRENCY: 'many', PORT: '70000', LOG_LEVEL: 'loud' }, ['REDIS_URL', 'DATABASE_URL']);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(InputError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    expect(message.startsWith('bad environment: ')).toBe(true);
    const problems = message.slice('bad environment: '.length).split('; ');
    expect(problems).toHaveLength(5);
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'PORT', 'REDIS_URL', 'WORKER_CONCURRENCY']);
    expect(problems.find((p) => p.startsWith('DATABASE_URL'))).toBe('DATABASE_URL: is not set');
    expect(problems.find((p) => p.startsWith('REDIS_URL'))).toContain('redis://');
  });

  it('defaults the database to DATABASE_URL, else recon.sqlite', () => {
    expect(defaultDbUrl({ DATABASE_URL: 'postgres://recon@db/recon' })).toBe('postgres://recon@db/recon');
    expect(defaultDbUrl({ DATABASE_URL: '' })).toBe('recon.sqlite');
    expect(defaultDbUrl({})).toBe('recon.sqlite');
  });
});
