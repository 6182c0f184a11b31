/** Money in yuan: `7,100.50`, `7100元`, `￥7100`, full-width digits. `undefined` = written but unreadable. */
import { asciiDigits, squeeze, type Cell } from './text.js';

const NUMBER = /^-?\d+(?:\.\d+)?$/;

export function parseMoney(cell: Cell | undefined): number | null | undefined {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : undefined;
  if (typeof cell !== 'string') return undefined;
  if (cell.trim() === '') return null;
  const s = squeeze(asciiDigits(cell).replace(/．/g, '.'))
    .replace(/[,，]/g, '')
    .replace(/^[¥￥]/, '')
    .replace(/元$/, '');
  return NUMBER.test(s) ? Number(s) : undefined;
}
