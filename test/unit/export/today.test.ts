import { describe, expect, it } from 'vitest';
import { isOverdue, today, userTimeZone } from '../../../src/ledger/dates.js';

describe('today in the users\' zone', () => {
  it('is already the next day in China before 08:00 UTC+8 turns the UTC date', () => {
    const earlyMorningInChina = new Date('2026-11-28T23:30:00Z'); // 07:30 on the 29th in Shanghai
    expect(today(earlyMorningInChina, 'Asia/Shanghai')).toBe('2026-11-29');
    expect(today(earlyMorningInChina, 'UTC')).toBe('2026-11-28');
  });

  it('reads Asia/Shanghai unless RECON_TZ names another zone; a bad zone is refused', () => {
    expect(userTimeZone({})).toBe('Asia/Shanghai');
    expect(userTimeZone({ RECON_TZ: 'Asia/Urumqi' })).toBe('Asia/Urumqi');
    expect(() => userTimeZone({ RECON_TZ: 'Beijing' })).toThrow(/RECON_TZ/);
  });

  it('calls an open ticket overdue only after its due date', () => {
    expect(isOverdue({ status: 'open', due_at: '2023-06-25' }, '2023-06-25')).toBe(false);
    expect(isOverdue({ status: 'open', due_at: '2023-06-25' }, '2023-06-26')).toBe(true);
    expect(isOverdue({ status: 'assessed', due_at: '2023-06-25' }, '2023-06-26')).toBe(false);
  });
});
