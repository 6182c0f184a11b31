/** Personal names (data-contract.md, "Names"): whitespace out, one middle dot, ASCII Latin. */

const HAN_ONLY = /^[\u4e00-\u9fff]+$/;
// ·•‧・．. and their code points as listed in the contract, plus the half-width katakana dot
const MIDDLE_DOTS = /[\u00b7\u2022\u2027\u30fb\uff0e.\uff65]/g;
const FULL_WIDTH_LATIN = /[\uff21-\uff3a\uff41-\uff5a]/g;

export function normaliseName(text: string | null | undefined): string {
  if (!text) return '';
  if (HAN_ONLY.test(text)) return text; // the common case, kept fast for big files
  return text
    .replace(/[\s\u3000\u00a0\ufeff]+/g, '')
    .replace(MIDDLE_DOTS, '·')
    .replace(FULL_WIDTH_LATIN, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}
