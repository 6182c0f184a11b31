/**
 * A cell as the readers hand it over: CSV cells are strings; XLSX cells keep
 * their type (a number may be a destroyed ID, a Date a date cell).
 */
export type Cell = string | number | boolean | Date | null;

/** A cell as trimmed text ('' when blank). Dates become `YYYY-MM-DD`. */
export function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') return cell.trim();
  if (typeof cell === 'number') return Number.isInteger(cell) ? String(cell) : String(cell);
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  return isoDateOf(cell) ?? '';
}

/** A cell with no content at all. */
export function isBlankCell(cell: Cell | undefined): boolean {
  if (cell === null || cell === undefined) return true;
  return typeof cell === 'string' && cell.trim() === '';
}

export function isoDateOf(date: Date): string | null {
  if (Number.isNaN(date.getTime())) return null;
  return date.toISOString().slice(0, 10);
}

/** Full-width digits and punctuation that people type in Chinese input mode → ASCII. */
export function asciiDigits(text: string): string {
  if (!/[\uff0c-\uff19]/.test(text)) return text;
  return text.replace(/[\uff0c-\uff19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** Removes every whitespace character, including U+3000 and U+00A0. */
export function squeeze(text: string): string {
  return text.replace(/[\s\u3000\u00a0\ufeff]+/g, '');
}
