/**
 * Dates in every form the contract lists → `YYYY-MM-DD`; month forms → the
 * first of the month. `undefined` means "written but unreadable" (counted by
 * the caller); null means blank.
 */
import { asciiDigits, isoDateOf, squeeze, type Cell } from './text.js';

// Excel's day 0 is 1899-12-30 once its 1900 leap-year bug is accounted for
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

function ymd(year: number, month: number, day: number): string | undefined {
  if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1) return undefined;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return undefined;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
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

export function parseDate(cell: Cell | undefined): string | null | undefined {
  if (cell === null || cell === undefined) return null;
  if (cell instanceof Date) return isoDateOf(cell) ?? undefined;
  if (typeof cell === 'number') {
    // 20230501 and 202305 typed into a numeric cell; otherwise an Excel serial day number
    if (Number.isInteger(cell) && (cell >= 19000101 || (cell >= 190001 && cell <= 210012))) {
      return parseDateText(String(cell));
    }
    if (cell >= 1 && cell < 73051) return isoDateOf(new Date(EXCEL_EPOCH_MS + Math.floor(cell) * DAY_MS)) ?? undefined;
    return undefined;
  }
  if (typeof cell === 'boolean') return undefined;
  return parseDateText(cell);
}
