import { InputError } from '../errors.js';

/** Calendar arithmetic on ISO `YYYY-MM-DD` dates (UTC, so no time zone shifts a day). */
export function addDays(isoDate: string, days: number): string {
  const at = new Date(`${isoDate}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const at = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === text;
}

/** The users' zone: before 08:00 in China the UTC date is still yesterday. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** The zone "today" is read in: RECON_TZ when it names a real zone, else Asia/Shanghai. */
export function userTimeZone(env: NodeJS.ProcessEnv = process.env): string {
  const zone = env.RECON_TZ?.trim();
  if (!zone) return DEFAULT_TIME_ZONE;
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone: zone });
    return zone;
  } catch {
    throw new InputError(`RECON_TZ: unknown time zone ${JSON.stringify(zone)}`);
  }
}

/**
 * Today's calendar date in the users' zone — for the default asOf and for
 * events made by people; the ledger's run dates are asOf.
 */
export function today(now: Date = new Date(), timeZone: string = userTimeZone()): string {
  // en-CA formats as YYYY-MM-DD
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** rules.md: a ticket is overdue when it is still open and asOf is past its due date. */
export function isOverdue(ticket: { status: string; due_at: string }, asOf: string): boolean {
  return ticket.status === 'open' && asOf > ticket.due_at;
}
