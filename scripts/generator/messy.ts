/**
 * How people and old export screens write values (data-contract.md, "Value
 * normalisation"). About one value in `period` takes a messy form, chosen by
 * a hash of the row's key: deterministic, spread over the file, and stable
 * for rows that do not change between nights.
 */
import { hashKey } from './prng.js';
import type { Cell } from './writers.js';

const FULL_WIDTH_DIGITS = '０１２３４５６７８９';

export function toFullWidth(text: string): string {
  return text.replace(/[0-9Xx]/g, (c) => (c === 'X' ? 'Ｘ' : c === 'x' ? 'ｘ' : FULL_WIDTH_DIGITS[Number(c)] as string));
}

/** Excel's scientific notation keeping `digits` significant digits (3.70724198001011E+17). */
export function scientific(id: string, digits: number): string {
  return `${id[0]}.${id.slice(1, digits)}E+${id.length - 1}`;
}

export class Rotation {
  private key = '';
  private call = 0;
  constructor(private readonly period: number, private readonly salt = '') {}

  /**
   * Starts a row: the forms chosen depend only on the row's key and the order
   * of calls within it, so an unchanged row is written the same way on the
   * next night whatever rows were added or removed before it.
   */
  row(key: string): void {
    this.key = key;
    this.call = 0;
  }

  /** The index of the messy form for this call, or -1 for the plain form. */
  next(forms: number): number {
    const h = hashKey(`${this.salt}|${this.key}|${this.call++}`);
    if (h % this.period !== 0) return -1;
    return Math.floor(h / this.period) % forms;
  }
}

/** One ID as written in a file. `csv` adds the forms only a CSV can carry (`="…"`, leading quote). */
export function renderId(idText: string, rotation: Rotation, csv: boolean): Cell {
  // Excel keeps 15 significant digits and turns the rest into zeros
  if (idText.startsWith('NUMERIC:')) return Number(`${idText.slice(8, 23)}000`);
  if (idText.startsWith('SCI15:')) return scientific(idText.slice(6), 15);
  if (idText.startsWith('SCI6:')) return scientific(idText.slice(5), 6);
  if (idText.length < 15) return idText;
  const forms = csv ? 8 : 6;
  switch (rotation.next(forms)) {
    case 0: return toFullWidth(idText);
    case 1: return idText.endsWith('X') ? idText.slice(0, -1) + 'x' : ` ${idText} `;
    case 2: return `${idText.slice(0, 6)} ${idText.slice(6, 14)} ${idText.slice(14)}`;
    case 3: return `${idText}\u3000`;
    case 4: return `\u00A0${idText}`;
    case 5: return `"${idText}"`;
    case 6: return `'${idText}`;
    case 7: return `="${idText}"`;
    default: return idText;
  }
}

/** A date in one of the forms seen in the files; `xlsx` adds real date cells and serial numbers. */
export function renderDate(iso: string, rotation: Rotation, xlsx: boolean): Cell {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const [y, m, d] = iso.split('-') as [string, string, string];
  const forms = xlsx ? 7 : 5;
  switch (rotation.next(forms)) {
    case 0: return `${y}/${Number(m)}/${Number(d)}`;
    case 1: return `${y}.${Number(m)}.${Number(d)}`;
    case 2: return `${y}${m}${d}`;
    case 3: return `${y}年${Number(m)}月${Number(d)}日`;
    case 4: return iso.replace(/-/g, '/');
    case 5: return new Date(`${iso}T00:00:00Z`);
    case 6: return Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000) + 25569;
    default: return iso;
  }
}

/** A first-of-month date as the system writes months: mostly YYYYMM. */
export function renderMonth(iso: string | null, rotation: Rotation): Cell {
  if (!iso) return null;
  const [y, m] = iso.split('-') as [string, string, string];
  switch (rotation.next(3)) {
    case 0: return `${y}-${m}`;
    case 1: return `${y}年${Number(m)}月`;
    case 2: return '待定';
    default: return `${y}${m}`;
  }
}

/** `7100.50` → `7,100.50` */
function withThousands(fixed: string): string {
  const [whole, cents] = fixed.split('.') as [string, string];
  return `${whole.replace(/\B(?=(\d{3})+$)/g, ',')}.${cents}`;
}

/** Money in yuan: plain, with thousands separators, with 元, full-width. */
export function renderMoney(yuan: number | null, rotation: Rotation): Cell {
  if (yuan === null) return null;
  switch (rotation.next(4)) {
    case 0: return withThousands(yuan.toFixed(2));
    case 1: return `${yuan}元`;
    case 2: return toFullWidth(String(yuan));
    case 3: return yuan >= 1000 ? `${Math.floor(yuan / 1000)},${String(Math.round(yuan % 1000)).padStart(3, '0')}元` : `${yuan}元`;
    default: return yuan;
  }
}

/** yes / no in the many spellings (blank stays blank: unknown). */
export function renderYesNo(value: 'yes' | 'no' | null, rotation: Rotation): Cell {
  if (value === null) return null;
  const form = rotation.next(5);
  const yes = ['Y', '√', '1', '是', 'y'];
  const no = ['N', '×', '0', '否', 'n'];
  return form < 0 ? (value === 'yes' ? '是' : '否') : ((value === 'yes' ? yes : no)[form] as string);
}
