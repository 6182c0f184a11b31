/** CSV files recon writes: UTF-8 with a BOM (so Excel opens them), a header row, formula-safe cells. */
import fs from 'node:fs';
import Papa from 'papaparse';
import { safeCell } from './safe-text.js';

export type CsvValue = string | number | null | undefined;

export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  const data = rows.map((row) => row.map((value) => (value === null || value === undefined ? '' : safeCell(String(value)))));
  // Papa ends a header-only file with a newline already; end every file with exactly one
  const body = Papa.unparse({ fields: [...header], data }, { newline: '\r\n' }).replace(/\r\n$/, '');
  return `\uFEFF${body}\r\n`;
}

export function writeCsv(file: string, header: readonly string[], rows: readonly (readonly CsvValue[])[]): void {
  fs.writeFileSync(file, toCsv(header, rows), 'utf8');
}

/** Plain code-unit order: the same on every dialect and collation. */
export function byKey<T extends { key: string }>(a: T, b: T): number {
  return compareText(a.key, b.key);
}

/** Code-unit order of two texts (never locale-aware, so every machine sorts alike). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
