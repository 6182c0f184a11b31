/**
 * ID numbers as departments really write them (data-contract.md, "ID number"):
 * cleaned, checked (GB 11643-1999, ISO 7064 MOD 11-2), 15-digit ones upgraded,
 * and the ones Excel destroyed recognised as lost rather than guessed.
 */
import type { IdNumber } from '../../model/records.js';
import { daysInMonth } from './date.js';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
const TWO_POW_53 = 2 ** 53;

/** The check character of the first 17 digits of an 18-character ID. */
export function checkDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/**
 * The weighted sum of the first 17 digits when `s` is 17 digits and a digit
 * or X (an ID as cleanIdText leaves it), else -1. One pass over the
 * characters: a city night reads four million IDs, nearly all clean.
 */
function weightedSum18(s: string): number {
  if (s.length !== 18) return -1;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const digit = s.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    sum += digit * WEIGHTS[i]!;
  }
  const last = s.charCodeAt(17);
  return (last >= 48 && last <= 57) || last === 88 /* X */ ? sum : -1;
}

/** Strips what Excel and people wrap around an ID: spaces, `'`, quotes, `="…"`, full-width digits. */
export function cleanIdText(text: string): string {
  if (weightedSum18(text) >= 0) return text; // the common case, kept fast for big files
  let s = text.replace(/[\s\u3000\u00a0\ufeff]+/g, '');
  const formula = /^="(.*)"$/.exec(s);
  if (formula) s = formula[1]!;
  s = s.replace(/^'+/, '');
  s = s.replace(/^["'“”‘’]+|["'“”‘’]+$/g, '');
  if (/[\uff10-\uff19\uff38\uff58]/.test(s)) {
    s = s.replace(/[\uff10-\uff19\uff38\uff58]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  }
  return s.replace(/x/g, 'X');
}

/**
 * Birth dates by asOf, then by the number the 8 digits spell: some 40,000
 * distinct days cover everyone, so a city's millions of IDs share one string
 * per day (memory) and skip the checks; a number key needs no string built.
 */
const birthDates = new Map<string, Map<number, string | null>>();
const MAX_BIRTH_DATES = 200_000;

/** the asOf asked for last and its map: a file asks for one asOf a million times */
let lastAsOf = '';
let lastByDay = new Map<number, string | null>();

/** `YYYYMMDD` (8 digits from `from` in `text`) a real date from 1900 up to asOf (`YYYY-MM-DD`)? Returns the ISO date or null. */
function birthDateOf(text: string, from: number, asOf: string): string | null {
  let byDay = asOf === lastAsOf ? lastByDay : birthDates.get(asOf);
  if (byDay === undefined) {
    byDay = new Map();
    birthDates.set(asOf, byDay);
  }
  lastAsOf = asOf;
  lastByDay = byDay;
  let day = 0;
  for (let i = from; i < from + 8; i++) day = day * 10 + (text.charCodeAt(i) - 48);
  let iso = byDay.get(day);
  if (iso === undefined) {
    iso = checkedBirthDate(text.slice(from, from + 8), asOf);
    if (byDay.size >= MAX_BIRTH_DATES) byDay.clear();
    byDay.set(day, iso);
  }
  return iso;
}

function checkedBirthDate(yyyymmdd: string, asOf: string): string | null {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (year < 1900 || month < 1 || month > 12 || day < 1) return null;
  if (day > daysInMonth(year, month)) return null;
  const iso = `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
  return iso <= asOf ? iso : null;
}

/**
 * The birth date a valid (or upgraded) 18-character key says, unchecked, as
 * normaliseIdNumber reads it: one string per day from `days` (a city's
 * millions of IDs share some 40,000).
 */
export function birthDateOfKey(key: string, days: Map<number, string>): string {
  let day = 0;
  for (let i = 6; i < 14; i++) day = day * 10 + (key.charCodeAt(i) - 48);
  let text = days.get(day);
  if (text === undefined) {
    text = `${key.slice(6, 10)}-${key.slice(10, 12)}-${key.slice(12, 14)}`;
    days.set(day, text);
  }
  return text;
}

/** The sex an 18-character key says (its 17th digit odd: 男). */
export function sexOfKey(key: string): '男' | '女' {
  return key.charCodeAt(16) % 2 === 1 ? '男' : '女';
}

function lost(prefixDigits: string, cleaned: string): IdNumber {
  if (prefixDigits.length >= 15) {
    const prefix15 = prefixDigits.slice(0, 15);
    return { key: `${prefix15}***`, status: 'lost', prefix15 };
  }
  return { key: cleaned, status: 'lost' };
}

/** Checks an 18-character candidate (already cleaned); `sum`: its weightedSum18 when known. */
function evaluate18(s: string, asOf: string, sum = weightedSum18(s)): IdNumber {
  if (sum < 0) return { key: s, status: 'invalid' };
  const checkOk = CHECK_CHARS.charCodeAt(sum % 11) === s.charCodeAt(17);
  // Excel keeps 15 significant digits and pads with zeros: …000 failing the check is a destroyed number
  if (!checkOk && s.endsWith('000')) return lost(s, s);
  const birthDate = birthDateOf(s, 6, asOf);
  if (!birthDate) return { key: s, status: 'badDate' };
  if (!checkOk) return { key: s, status: 'badCheck' };
  return { key: s, status: 'valid', birthDate, sex: sexOfKey(s) };
}

/**
 * Reads one ID cell. `asOf` bounds the birth date; a number (an XLSX numeric
 * cell) above 2^53 has certainly lost digits.
 */
export function normaliseIdNumber(value: string | number | null | undefined, asOf: string): IdNumber {
  if (value === null || value === undefined) return { key: '', status: 'blank' };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { key: String(value), status: 'invalid' };
    if (value > TWO_POW_53) {
      // Excel's 15 significant digits are all that is left
      const digits = value.toPrecision(15).replace(/e.*$/, '').replace('.', '');
      return lost(value >= 1e17 && value < 1e18 ? digits : '', String(value));
    }
    if (!Number.isInteger(value)) return { key: String(value), status: 'invalid' };
    value = String(value);
  }
  // the common case first: a clean 18-character ID, read in one pass (no province code starts with 9: 999999… placeholders go the long way)
  const sum = weightedSum18(value);
  if (sum >= 0 && value.charCodeAt(0) !== 57) return evaluate18(value, asOf, sum);
  const s = cleanIdText(value);
  if (s === '') return { key: '', status: 'blank' };
  if (/^9{6}/.test(s)) return { key: s, status: 'placeholder' };

  const scientific = /^(\d)(?:\.(\d+))?E\+?(\d+)$/i.exec(s);
  if (scientific) {
    const digits = scientific[1]! + (scientific[2] ?? '');
    return lost(Number(scientific[3]) === 17 ? digits : '', s);
  }

  if (s.length === 18) return evaluate18(s, asOf);
  if (s.length === 15 && /^\d{15}$/.test(s)) {
    const birthDate = birthDateOf(`19${s.slice(6, 12)}`, 0, asOf);
    if (!birthDate) return { key: s, status: 'invalid' };
    const first17 = `${s.slice(0, 6)}19${s.slice(6)}`;
    const key = first17 + checkDigit(first17);
    return { key, status: 'legacy15', birthDate, sex: sexOfKey(key) };
  }
  if (s.length === 20 || s.length === 22) {
    // 残疾人证 number: the 18-character ID plus a category/grade suffix
    const first18 = evaluate18(s.slice(0, 18), asOf);
    if (first18.status === 'valid') return first18;
  }
  return { key: s, status: 'invalid' };
}
