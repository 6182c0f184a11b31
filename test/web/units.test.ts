/** The web page's small pieces without I/O: item tokens, the login limiter, scope, HTML escaping. */
import { describe, expect, it } from 'vitest';
import { html } from '../../src/web/html.js';
import { ItemTokens } from '../../src/web/item-token.js';
import { LoginRateLimiter } from '../../src/web/rate-limit.js';
import { canSeeCounties, scopeCountyCodes } from '../../src/web/scope.js';
import { hashPassword, verifyPassword } from '../../src/web/password.js';

describe('item tokens', () => {
  const tokens = new ItemTokens(Buffer.from('secret one'));
  const key = 'MED_UNINSURED|370102199001011234|medical';

  it('round-trips a key, the same token every time, with no trace of the ID', () => {
    const token = tokens.encode(key);
    expect(token).toBe(tokens.encode(key));
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(token).not.toContain('370102');
    expect(tokens.decode(token)).toBe(key);
    expect(tokens.encode('MED_UNINSURED|370102199001011235|medical')).not.toBe(token);
  });

  it('rejects a token altered, truncated or made with another secret', () => {
    const token = tokens.encode(key);
    const flipped = token.slice(0, 20) + (token[20] === 'A' ? 'B' : 'A') + token.slice(21);
    expect(tokens.decode(flipped)).toBeNull();
    expect(tokens.decode(token.slice(0, 30))).toBeNull();
    expect(new ItemTokens(Buffer.from('secret two')).decode(token)).toBeNull();
    expect(tokens.decode('')).toBeNull();
  });
});

describe('login rate limiter', () => {
  it('locks a name+IP after the failures allowed, per pair, until the window passes; success clears', () => {
    let now = 0;
    const limiter = new LoginRateLimiter(3, 1000, () => now);
    for (let i = 0; i < 3; i++) limiter.recordFailure('lixia', '1.1.1.1');
    expect(limiter.allowed('lixia', '1.1.1.1')).toBe(false);
    expect(limiter.allowed('lixia', '2.2.2.2')).toBe(true);
    expect(limiter.allowed('jinan', '1.1.1.1')).toBe(true);
    now = 1001;
    expect(limiter.allowed('lixia', '1.1.1.1')).toBe(true);
    limiter.recordFailure('lixia', '1.1.1.1');
    limiter.recordFailure('lixia', '1.1.1.1');
    limiter.recordSuccess('lixia', '1.1.1.1');
    limiter.recordFailure('lixia', '1.1.1.1');
    expect(limiter.allowed('lixia', '1.1.1.1')).toBe(true);
  });
});

describe('scope', () => {
  const user = (role: 'province' | 'city' | 'county', region: string) => ({ id: 1, name: 'u', role, region });

  it('gives a province user everything, a city its counties, a county itself', () => {
    expect(scopeCountyCodes(user('province', '37'))).toBeUndefined();
    const jinan = scopeCountyCodes(user('city', '3701'))!;
    expect(jinan).toContain('370102');
    expect(jinan).toContain('370126');
    expect(jinan.every((c) => c.startsWith('3701'))).toBe(true);
    expect(scopeCountyCodes(user('county', '370102'))).toEqual(['370102']);
  });

  it('lets a user see an item when any of its counties is in scope; unplaced items only for the province', () => {
    expect(canSeeCounties(user('county', '370102'), ['370203', '370102'])).toBe(true);
    expect(canSeeCounties(user('county', '370102'), ['370103'])).toBe(false);
    expect(canSeeCounties(user('city', '3701'), ['370103'])).toBe(true);
    expect(canSeeCounties(user('city', '3701'), ['370203'])).toBe(false);
    expect(canSeeCounties(user('city', '3701'), [null])).toBe(false);
    expect(canSeeCounties(user('province', '37'), [null])).toBe(true);
  });
});

describe('html', () => {
  it('escapes interpolated text but keeps nested markup', () => {
    const name = '<script>alert("x")</script>';
    expect(html`<td>${name}</td>`.value).toBe('<td>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</td>');
    expect(html`<tr>${[html`<td>${'a&b'}</td>`]}</tr>`.value).toBe('<tr><td>a&amp;b</td></tr>');
  });
});

describe('passwords', () => {
  it('verifies the right password only, with a salted hash', async () => {
    const a = await hashPassword('秘密 password');
    expect(a).not.toBe(await hashPassword('秘密 password'));
    expect(await verifyPassword('秘密 password', a)).toBe(true);
    expect(await verifyPassword('秘密 passwore', a)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
  });
});
