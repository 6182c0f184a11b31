/**
 * Dates in every form the contract lists → `YYYY-MM-DD`; month forms → the
 * first of the month. `undefined` means "written but unreadable" (counted by
 * the caller); null means blank.
 */
import { asciiDigits, isoDateOf, squeeze, type Cell } from './text.js';

// Excel's day 0 is 1899-12-30 once its 1900 leap-year bug is accounted for
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/** The years a date is read in: a cell or text outside them is unreadable, never a silly date. */
export const FIRST_YEAR = 1900;
export const LAST_YEAR = 2100;
/** Excel's serial day number of 2100-12-31: no larger number is a day. */
export const LAST_SERIAL_DAY = 73050;

export function isReadableYear(year: number): boolean {
  return year >= FIRST_YEAR && year <= LAST_YEAR;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in a month (1–12) of the Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

function ymd(year: number, month: number, day: number): string | undefined {
  if (!isReadableYear(year) || month < 1 || month > 12 || day < 1) return undefined;
  if (day > daysInMonth(year, month)) return undefined;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * A `YYYY-MM-DD` text of a real day in parseDate's range, which parseDate
 * gives back as it is: told without a regular expression or a look-up (the
 * common form, millions of cells a night).
 */
export function isPlainIsoDate(text: string): boolean {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return false;
  let number = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return false;
    number = number * 10 + digit;
  }
  const year = Math.floor(number / 10000);
  const month = Math.floor(number / 100) % 100;
  const day = number % 100;
  return isReadableYear(year) && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

const FULL = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const MONTH = /^(\d{4})[-/.年](\d{1,2})月?$/;
const COMPACT_MONTH = /^(\d{4})(\d{2})$/;
const TIME_SUFFIX = /(?:T|\s)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?$/;

export function parseDateText(text: string): string | null | undefined {
  let s = text.trim();
  if (s === '') return null;
  s = squeeze(asciiDigits(s.replace(TIME_SUFFIX, '')));
  let m = FULL.exec(s) ?? COMPACT.exec(s);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  m = MONTH.exec(s) ?? COMPACT_MONTH.exec(s);
  if (m) return ymd(Number(m[1]), Number(m[2]), 1);
  return undefined;
}

/** A date cell's day, in the same years as the texts (never `+057316-08`); undefined otherwise. */
function dayOf(date: Date): string | undefined {
  return isReadableYear(date.getUTCFullYear()) ? (isoDateOf(date) ?? undefined) : undefined;
}

export function parseDate(cell: Cell | undefined): string | null | undefined {
  if (cell === null || cell === undefined) return null;
  if (cell instanceof Date) return dayOf(cell);
  if (typeof cell === 'number') {
    // 20230501 and 202305 typed into a numeric cell (or a date-formatted one: the XLSX reader
    // keeps such numbers); otherwise an Excel serial day number
    if (Number.isInteger(cell) && (cell >= 19000101 || (cell >= 190001 && cell <= 210012))) {
      return parseDateText(String(cell));
    }
    if (cell >= 1 && cell <= LAST_SERIAL_DAY) return dayOf(new Date(EXCEL_EPOCH_MS + Math.floor(cell) * DAY_MS));
    return undefined;
  }
  if (typeof cell === 'boolean') return undefined;
  return parseDateText(cell);
}
