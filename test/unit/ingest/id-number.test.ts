import { describe, expect, it } from 'vitest';
import { checkDigit, normaliseIdNumber } from '../../../src/ingest/normalise/id-number.js';
import { gbCheckDigit, makeId, withWrongCheck } from './gb11643.js';

const AS_OF = '2023-06-10';

describe('check digit', () => {
  it('agrees with the standard for many computed IDs', () => {
    for (let n = 0; n < 500; n++) {
      const first17 = `3701021${String(950 + (n % 60)).padStart(3, '0')}0${(n % 9) + 1}1${n % 10}${String(n).padStart(3, '0')}`.slice(0, 17);
      expect(checkDigit(first17)).toBe(gbCheckDigit(first17));
    }
  });

  it('matches a published example (GB 11643 annex: 11010519491231002X)', () => {
    expect(gbCheckDigit('11010519491231002')).toBe('X');
    expect(normaliseIdNumber('11010519491231002X', AS_OF).status).toBe('valid');
  });
});

describe('normaliseIdNumber', () => {
  const id = makeId('370102', '19900101', '123');

  it('reads a valid ID with birth date and sex', () => {
    const r = normaliseIdNumber(id, AS_OF);
    expect(r).toEqual({ key: id, status: 'valid', birthDate: '1990-01-01', sex: Number(id[16]) % 2 ? '男' : '女' });
    expect(normaliseIdNumber(makeId('370102', '19900101', '122'), AS_OF).sex).toBe('女');
    expect(normaliseIdNumber(makeId('370102', '19900101', '121'), AS_OF).sex).toBe('男');
  });

  it('cleans spaces, quotes, the ="…" wrapper, full-width digits and lowercase x', () => {
    const xId = (() => {
      for (let s = 100; s < 999; s++) {
        const c = makeId('371522', '19670718', String(s));
        if (c.endsWith('X')) return c;
      }
      throw new Error('no X id');
    })();
    expect(normaliseIdNumber(` ${id.slice(0, 6)}\u3000${id.slice(6, 14)}\u00a0${id.slice(14)} `, AS_OF).key).toBe(id);
    expect(normaliseIdNumber(`'${id}`, AS_OF).key).toBe(id);
    expect(normaliseIdNumber(`"${id}"`, AS_OF).key).toBe(id);
    expect(normaliseIdNumber(`="${id}"`, AS_OF).key).toBe(id);
    const fullWidth = [...id].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');
    expect(normaliseIdNumber(fullWidth, AS_OF)).toMatchObject({ key: id, status: 'valid' });
    expect(normaliseIdNumber(xId.toLowerCase(), AS_OF)).toMatchObject({ key: xId, status: 'valid' });
    expect(normaliseIdNumber(xId.slice(0, 17) + 'ｘ', AS_OF)).toMatchObject({ key: xId, status: 'valid' });
  });

  it('marks a wrong check digit badCheck, keeping the ID as key', () => {
    const bad = withWrongCheck(makeId('370102', '19851111', '456'));
    expect(normaliseIdNumber(bad, AS_OF)).toEqual({ key: bad, status: 'badCheck' });
  });

  it('marks impossible or future birth dates badDate', () => {
    for (const birth of ['19900230', '18991231', '19901301', '20240101']) {
      const candidate = makeId('370102', birth, '111');
      expect(normaliseIdNumber(candidate, AS_OF).status, birth).toBe('badDate');
    }
    expect(normaliseIdNumber(makeId('370102', '20000229', '111'), AS_OF).status).toBe('valid');
    expect(normaliseIdNumber(makeId('370102', '19000229', '111'), AS_OF).status).toBe('badDate');
    expect(normaliseIdNumber(makeId('370102', '20230610', '111'), AS_OF).status).toBe('valid');
  });

  it('upgrades a valid 15-digit ID to 18 (legacy15)', () => {
    const id15 = '370102800101123';
    const expected = makeId('370102', '19800101', '123');
    expect(normaliseIdNumber(id15, AS_OF)).toEqual({ key: expected, status: 'legacy15', birthDate: '1980-01-01', sex: '男' });
    expect(normaliseIdNumber('370102801301123', AS_OF).status).toBe('invalid');
  });

  it('takes the first 18 characters of a 20/22-character 残疾人证 number', () => {
    expect(normaliseIdNumber(`${id}43`, AS_OF)).toMatchObject({ key: id, status: 'valid' });
    expect(normaliseIdNumber(`${id}43B1`, AS_OF)).toMatchObject({ key: id, status: 'valid' });
    expect(normaliseIdNumber(`${withWrongCheck(id)}43`, AS_OF).status).toBe('invalid');
  });

  it('recognises the 999999 placeholder and blanks', () => {
    expect(normaliseIdNumber('999999198703306179', AS_OF)).toEqual({ key: '999999198703306179', status: 'placeholder' });
    expect(normaliseIdNumber('  ', AS_OF)).toEqual({ key: '', status: 'blank' });
    expect(normaliseIdNumber(null, AS_OF)).toEqual({ key: '', status: 'blank' });
  });

  it('marks IDs Excel destroyed as lost, keeping 15 digits when they survive', () => {
    expect(normaliseIdNumber('3.70102199001011E+17', AS_OF)).toEqual({
      key: '370102199001011***',
      status: 'lost',
      prefix15: '370102199001011',
    });
    expect(normaliseIdNumber('3.70102E+17', AS_OF)).toEqual({ key: '3.70102E+17', status: 'lost' });
    // 18 digits padded with 000 whose check digit fails (Excel kept 15 digits of a CSV ID)
    const survivor = Array.from({ length: 50 }, (_, s) => makeId('370102', '19900101', String(100 + s)))
      .map((candidate) => candidate.slice(0, 15))
      .find((prefix) => gbCheckDigit(`${prefix}00`) !== '0')!;
    expect(normaliseIdNumber(`${survivor}000`, AS_OF)).toEqual({ key: `${survivor}***`, status: 'lost', prefix15: survivor });
    // a numeric XLSX cell above 2^53
    expect(normaliseIdNumber(370102199001011000, AS_OF)).toEqual({
      key: '370102199001011***',
      status: 'lost',
      prefix15: '370102199001011',
    });
  });

  it('keeps a valid ID ending in 000 valid', () => {
    const valid000 = Array.from({ length: 2000 }, (_, n) => `3701021990${String(n).padStart(4, '0')}000`)
      .map((s) => s.slice(0, 17))
      .map((first17) => first17 + gbCheckDigit(first17))
      .find((candidate) => candidate.endsWith('000') && normaliseIdNumber(candidate, AS_OF).status !== 'badDate');
    expect(valid000).toBeDefined();
    expect(normaliseIdNumber(valid000!, AS_OF).status).toBe('valid');
  });

  it('calls anything else invalid', () => {
    for (const text of ['12345', '37010219900101123', 'ABCDEFGHIJKLMNOPQR', '3701021990010112345']) {
      expect(normaliseIdNumber(text, AS_OF).status, text).toBe('invalid');
    }
    expect(normaliseIdNumber(3.5, AS_OF).status).toBe('invalid');
    expect(normaliseIdNumber(370102800101123, AS_OF).status).toBe('legacy15'); // a 15-digit numeric cell is exact
  });
});
