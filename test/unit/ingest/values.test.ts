import { describe, expect, it } from 'vitest';
import { isPlainIsoDate, parseDate } from '../../../src/ingest/normalise/date.js';
import { parseMoney } from '../../../src/ingest/normalise/money.js';
import { normaliseName } from '../../../src/ingest/normalise/name.js';

describe('names', () => {
  it('removes whitespace, unifies middle dots, makes Latin ASCII', () => {
    expect(normaliseName(' 张 三\u3000')).toBe('张三');
    for (const dot of ['·', '•', '‧', '・', '．', '.', '\u00b7', '\u2022', '\u2027', '\u30fb', '\uff0e']) {
      expect(normaliseName(`阿卜杜${dot}热合曼`), dot).toBe('阿卜杜·热合曼');
    }
    expect(normaliseName('ＡＢＣ王ｘ')).toBe('ABC王x');
    expect(normaliseName('张三丰')).toBe('张三丰');
    expect(normaliseName(null)).toBe('');
  });
});

describe('dates', () => {
  it('tells a plain YYYY-MM-DD of a real day without parsing, exactly when parseDate gives it back as it is', () => {
    const texts = [
      '2024-06-30', '2024-02-29', '2023-02-29', '1900-01-01', '1899-12-31', '2100-12-31', '2101-01-01', '2023-13-01',
      '2023-00-10', '2023-04-31', '2023-04-00', '2023-1-01', '2023/01/01', '２０２３-01-01', ' 2023-01-01', '2023-01-01 ', '20230101',
      '2023-01-0x', '',
    ];
    const plain = texts.filter((text) => isPlainIsoDate(text));
    expect(plain).toEqual(['2024-06-30', '2024-02-29', '1900-01-01', '2100-12-31']);
    for (const text of texts) expect(isPlainIsoDate(text)).toBe(parseDate(text) === text);
  });

  it('reads every written form', () => {
    const cases: [string, string][] = [
      ['2023-05-01', '2023-05-01'],
      ['2023/5/1', '2023-05-01'],
      ['2023.5.1', '2023-05-01'],
      ['20230501', '2023-05-01'],
      ['2023年5月1日', '2023-05-01'],
      ['2023-05', '2023-05-01'],
      ['202305', '2023-05-01'],
      ['2023年5月', '2023-05-01'],
      ['２０２３年５月１日', '2023-05-01'],
      ['2023-05-01 00:00:00', '2023-05-01'],
    ];
    for (const [text, iso] of cases) expect(parseDate(text), text).toBe(iso);
  });

  it('reads date cells, serial numbers and numeric yyyymm(dd)', () => {
    expect(parseDate(new Date(Date.UTC(2022, 7, 15)))).toBe('2022-08-15');
    expect(parseDate(45047)).toBe('2023-05-01');
    expect(parseDate(202208)).toBe('2022-08-01');
    expect(parseDate(20220815)).toBe('2022-08-15');
  });

  it('tells blank (null) from unreadable (undefined)', () => {
    expect(parseDate('')).toBeNull();
    expect(parseDate(null)).toBeNull();
    expect(parseDate('待定')).toBeUndefined();
    expect(parseDate('2023-02-30')).toBeUndefined();
    expect(parseDate('202313')).toBeUndefined();
    // a date cell out of 1900–2100 (a number typed into a date-formatted cell, read as a serial day)
    expect(parseDate(new Date(Date.UTC(57316, 7, 1)))).toBeUndefined();
    expect(parseDate(new Date(Date.UTC(1899, 11, 31)))).toBeUndefined();
    expect(parseDate(new Date(Number.NaN))).toBeUndefined();
  });
});

describe('money', () => {
  it('reads thousands separators, 元, full-width digits', () => {
    expect(parseMoney('7,100.50')).toBe(7100.5);
    expect(parseMoney('7100元')).toBe(7100);
    expect(parseMoney('１７，０８２元')).toBe(17082);
    expect(parseMoney('￥7100')).toBe(7100);
    expect(parseMoney(24746)).toBe(24746);
    expect(parseMoney('')).toBeNull();
    expect(parseMoney('若干')).toBeUndefined();
  });
});
