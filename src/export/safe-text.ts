/**
 * CSV/XLSX formula-injection guard: a cell whose text starts with `=`, `+`,
 * `-`, `@`, a tab or a carriage return would run as a formula in Excel, so it
 * is written with a leading `'` (Excel shows the text as it is). Every CSV
 * recon writes, and every workbook text cell, goes through this.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function safeCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
