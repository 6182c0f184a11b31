import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireScopeLock, scopeLockHolder } from '../../src/queue/scope-lock.js';
import { REDIS_URL, dropPrefix, uniquePrefix } from './redis-helpers.js';

describe.skipIf(!REDIS_URL)('per-scope run lock (real Redis)', () => {
  let prefix: string;
  let redis: Redis;
  beforeEach(() => {
    prefix = uniquePrefix();
    redis = new Redis(REDIS_URL!);
  });
  afterEach(async () => {
    redis.disconnect();
    await dropPrefix(prefix);
  });

  it('lets one run of a scope in, names the holder to the next, and frees on release', async () => {
    const first = await acquireScopeLock(redis, prefix, '37', 11);
    expect('release' in first).toBe(true);
    expect(await acquireScopeLock(redis, prefix, '37', 12)).toEqual({ heldBy: '11' });
    // another province is another scope
    const other = await acquireScopeLock(redis, prefix, '41', 12);
    expect('release' in other).toBe(true);
    // the holder itself (a retried job of the same run) gets back in
    const again = await acquireScopeLock(redis, prefix, '37', 11);
    expect('release' in again).toBe(true);
    if ('release' in first) await first.release();
    expect(await scopeLockHolder(redis, prefix, '37')).toBeUndefined();
    const second = await acquireScopeLock(redis, prefix, '37', 12);
    expect('release' in second).toBe(true);
    expect(await scopeLockHolder(redis, prefix, '37')).toBe('12');
    // a release by a run that no longer holds it changes nothing
    if ('release' in again) await again.release();
    expect(await scopeLockHolder(redis, prefix, '37')).toBe('12');
    for (const lock of [second, other]) if ('release' in lock) await lock.release();
  });

  it('renews itself while held and lapses when its holder dies', async () => {
    const lock = await acquireScopeLock(redis, prefix, '37', 5, 3000);
    await new Promise((r) => setTimeout(r, 3600));
    expect(await scopeLockHolder(redis, prefix, '37')).toBe('5');
    if ('release' in lock) await lock.release();
    // a holder that never renews (a killed worker): written directly with a short TTL
    await redis.set(`${prefix}:scope-lock:37`, '6', 'PX', 300);
    expect(await acquireScopeLock(redis, prefix, '37', 7)).toEqual({ heldBy: '6' });
    await new Promise((r) => setTimeout(r, 400));
    const taken = await acquireScopeLock(redis, prefix, '37', 7);
    expect('release' in taken).toBe(true);
    if ('release' in taken) await taken.release();
  });
});
