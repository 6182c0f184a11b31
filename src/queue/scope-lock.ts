/**
 * One run at a time per scope (the pipeline's region): two runs for the same
 * counties never interleave their ledger updates. The ledger's applyRun also
 * takes a database lock; this one lets the queue side *wait* (the evaluate job
 * is put back as delayed) instead of blocking a worker slot or failing.
 *
 * The lock is a Redis key holding the owning run id with a TTL, renewed while
 * the run's evaluate job works, so a killed worker's lock lapses on its own.
 * Re-acquiring by the same run (a retried job) succeeds.
 */
import type { Redis } from 'ioredis';

const ACQUIRE = `
local holder = redis.call('GET', KEYS[1])
if (not holder) or holder == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 'OK'
end
return holder`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

export interface ScopeLock {
  /** the run holding it */
  owner: string;
  release(): Promise<void>;
}

export function scopeLockKey(prefix: string, scope: string): string {
  return `${prefix}:scope-lock:${scope}`;
}

/**
 * Takes the scope's lock for a run; returns the lock, or `{ heldBy }` naming
 * the run that holds it. The lock renews itself every ttl/3 until released.
 */
export async function acquireScopeLock(
  redis: Redis,
  prefix: string,
  scope: string,
  runId: number,
  ttlMs = 60_000,
): Promise<ScopeLock | { heldBy: string }> {
  const key = scopeLockKey(prefix, scope);
  const owner = String(runId);
  const answer = String(await redis.eval(ACQUIRE, 1, key, owner, String(ttlMs)));
  if (answer !== 'OK') return { heldBy: answer };
  const renew = setInterval(() => {
    redis.eval(ACQUIRE, 1, key, owner, String(ttlMs)).catch(() => undefined);
  }, Math.max(1000, Math.floor(ttlMs / 3)));
  renew.unref();
  return {
    owner,
    async release() {
      clearInterval(renew);
      await redis.eval(RELEASE, 1, key, owner);
    },
  };
}

/** Who holds the scope's lock now (undefined when free). */
export async function scopeLockHolder(redis: Redis, prefix: string, scope: string): Promise<string | undefined> {
  return (await redis.get(scopeLockKey(prefix, scope))) ?? undefined;
}
