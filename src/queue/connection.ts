/**
 * Redis connections (ioredis). Workers block on Redis and must never give up
 * on a command (`maxRetriesPerRequest: null`); producers fail fast instead of
 * queueing commands while Redis is down (`enableOfflineQueue: false`), so a
 * CLI call says "Redis unreachable" rather than hanging.
 */
import { Redis } from 'ioredis';

export type RedisRole = 'worker' | 'producer';

export function redisConnection(url: string, role: RedisRole): Redis {
  if (role === 'worker') {
    return new Redis(url, { maxRetriesPerRequest: null, connectionName: 'recon-worker' });
  }
  return new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectionName: 'recon-producer',
    // give up after a few quick reconnects so a command-line call ends
    retryStrategy: (times) => (times > 3 ? null : 200 * times),
  });
}

/** Waits until the connection is ready; a producer with Redis down gets one clear error once it gives up reconnecting. */
export async function ready(redis: Redis, url: string): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    let lastError = 'connection closed';
    const cleanup = () => {
      redis.off('ready', onReady);
      redis.off('error', onError);
      redis.off('end', onEnd);
    };
    const onReady = () => {
      cleanup();
      resolve();
    };
    const onError = (err: Error) => {
      lastError = err.message;
    };
    const onEnd = () => {
      cleanup();
      reject(new Error(`Redis unreachable at ${safeUrl(url)}: ${lastError}`));
    };
    redis.on('ready', onReady);
    redis.on('error', onError);
    redis.on('end', onEnd);
  });
}

/** A Redis URL without its password, for messages. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'redis';
  }
}
