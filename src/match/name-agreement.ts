/**
 * When two normalised names count as the same person's (rules.md, matching
 * step 2): equal, the same toneless pinyin (同音字), or — both names of three
 * or more characters — one edit apart (形近字). Pinyin is computed once per
 * distinct name and only when a comparison needs it.
 */
import levenshtein from 'fast-levenshtein';
import { pinyin } from 'pinyin-pro';

export type NameAgreement = 'equal' | 'homophone' | 'similar';

const pinyinCache = new Map<string, string>();

/** pinyin-pro's toneless reading with surname pronunciation, one reading per name. */
export function tonelessPinyin(name: string): string {
  let reading = pinyinCache.get(name);
  if (reading === undefined) {
    reading = pinyin(name, { toneType: 'none', surname: 'head' });
    pinyinCache.set(name, reading);
  }
  return reading;
}

export function isHomophone(a: string, b: string): boolean {
  return a !== '' && b !== '' && tonelessPinyin(a) === tonelessPinyin(b);
}

function charCount(name: string): number {
  return [...name].length;
}

/**
 * How `a` and `b` agree, or null. `allowSimilar` = false restricts to equal or
 * homophone (the prefix fallback, step 3). Blank names never agree.
 */
export function nameAgreement(a: string, b: string, allowSimilar = true): NameAgreement | null {
  if (a === '' || b === '') return null;
  if (a === b) return 'equal';
  if (isHomophone(a, b)) return 'homophone';
  if (allowSimilar && charCount(a) >= 3 && charCount(b) >= 3 && levenshtein.get(a, b) === 1) return 'similar';
  return null;
}
