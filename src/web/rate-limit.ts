/**
 * Login rate limiting per (name, IP), in memory: after `maxFailures` failed
 * attempts within `windowMs` the pair is locked until the window passes. A
 * success clears the pair. One process serves the page, so memory is enough.
 */
export class LoginRateLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures = 5,
    private readonly windowMs = 15 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    const times = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (times.length) this.failures.set(key, times);
    else this.failures.delete(key);
    return times;
  }

  /** True when this name+IP may try again now. */
  allowed(name: string, ip: string): boolean {
    return this.recent(`${name}\u0000${ip}`).length < this.maxFailures;
  }

  recordFailure(name: string, ip: string): void {
    const key = `${name}\u0000${ip}`;
    this.failures.set(key, [...this.recent(key), this.now()]);
  }

  recordSuccess(name: string, ip: string): void {
    this.failures.delete(`${name}\u0000${ip}`);
  }
}
