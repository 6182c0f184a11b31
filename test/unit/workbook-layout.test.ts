import { describe, expect, it } from 'vitest';
import { decodeItemCell, displayWidth, encodeItemCell, sheetName } from '../../src/export/workbook/layout.js';
import { cellDate, cellText } from '../../src/export/workbook/read-answers.js';
import { membersText, triggersText } from '../../src/export/workbook/rows.js';
import { summaryBlocks } from '../../src/export/workbook/summary.js';

describe('hidden key cell', () => {
  it('round-trips key, status and reopened count, even a household/name subject', () => {
    const item = { type: 'finding' as const, key: 'FIELD_MISSING|H0001/张三#2|', status: 'in_progress' as const, reopened: 3 };
    expect(decodeItemCell(encodeItemCell(item))).toEqual(item);
  });
  it('rejects a cell someone typed over', () => {
    expect(decodeItemCell('MED_UNINSURED|370102199001011234|')).toBeNull();
    expect(decodeItemCell('')).toBeNull();
    expect(decodeItemCell('finding\u241fK\u241fopen\u241fx')).toBeNull();
  });
});

describe('cell readers', () => {
  it('reads dates written every way a county writes them', () => {
    expect(cellDate(new Date(Date.UTC(2023, 5, 12)))).toBe('2023-06-12');
    expect(cellDate(45089)).toBe('2023-06-12'); // Excel serial
    expect(cellDate('2023/6/12')).toBe('2023-06-12');
    expect(cellDate('2023.06.12')).toBe('2023-06-12');
    expect(cellDate('2023年6月12日')).toBe('2023-06-12');
    expect(cellDate('20230612')).toBe('2023-06-12');
    // typed into the date-formatted column: the reader keeps the number (exceljs-stream.ts)
    expect(cellDate(20230612)).toBe('2023-06-12');
    expect(cellDate('2023年6月12日 ')).toBe('2023-06-12');
    expect(cellDate(new Date(Date.UTC(57316, 7, 1)))).toBeNull();
    expect(cellDate('6月12日')).toBeNull();
    // a date-formatted cell holding no day (the reader's invalid date): typed, so not blank, and unreadable
    expect(cellText(new Date(Number.NaN))).not.toBe('');
    expect(cellDate(new Date(Number.NaN))).toBeNull();
    expect(cellDate('')).toBe('');
    expect(cellDate(null)).toBe('');
    expect(cellDate('2023-02-30')).toBeNull();
    expect(cellDate('下周')).toBeNull();
  });
  it('reads rich text and formula results as their text', () => {
    expect(cellText({ richText: [{ text: '已' }, { text: '整改' }] })).toBe('已整改');
    expect(cellText({ formula: 'A1', result: '其他' } as never)).toBe('其他');
    expect(cellText(' 王五 ')).toBe('王五');
  });
});

describe('layout helpers', () => {
  it('counts CJK characters double for column widths', () => {
    expect(displayWidth('户编号')).toBe(6);
    expect(displayWidth('370102199001011234')).toBe(18);
  });
  it('keeps sheet names within Excel limits', () => {
    expect(sheetName('a/b:c')).toBe('a_b_c');
    expect(sheetName('x'.repeat(40))).toHaveLength(31);
  });
  it('writes members and triggers in Chinese', () => {
    expect(membersText(JSON.stringify([{ idNumber: '370102199001011234', name: '李四' }, { idNumber: 'X', name: '' }]))).toBe('李四 370102199001011234；X');
    expect(triggersText(JSON.stringify([{ what: 'dibao approved', name: '李四', date: '2023-03-01' }]), 'dibao approved'))
      .toBe('新纳入农村低保（李四，2023-03-01）');
  });
});

describe('汇总 counts', () => {
  it('splits open, in progress and closed per rule and per town, and overdue tickets', () => {
    const blocks = summaryBlocks(
      [
        { rule: 'MED_UNINSURED', town: '平阴镇', status: 'open', count: 3 },
        { rule: 'MED_UNINSURED', town: '平阴镇', status: 'in_progress', count: 1 },
        { rule: 'MED_UNINSURED', town: null, status: 'resolved', count: 2 },
        { rule: 'ID_INVALID', town: '平阴镇', status: 'dismissed', count: 1 },
      ],
      [
        { kind: 'NEW_AID_UNASSESSED', town: '平阴镇', status: 'open', overdue: true, count: 2 },
        { kind: 'NEW_AID_UNASSESSED', town: '平阴镇', status: 'open', overdue: false, count: 1 },
        { kind: 'NEW_AID_UNASSESSED', town: '平阴镇', status: 'assessed', overdue: true, count: 4 },
      ],
    );
    const [byRule, byTown, byKind] = blocks;
    // catalogue order: ID_INVALID before MED_UNINSURED
    expect(byRule!.rows).toEqual([['身份证号无效', 0, 0, 0, 1], ['未参加基本医疗保险', 3, 1, 4, 2], ['合计', 3, 1, 4, 3]]);
    expect(byTown!.rows).toEqual([['平阴镇', 4, 1, 3, 2], ['（未定位到乡镇）', 0, 2, 0, 0], ['合计', 4, 3, 3, 2]]);
    expect(byKind!.rows).toEqual([['新增低保特困未研判', 3, 2, 4, 0], ['合计', 3, 2, 4, 0]]);
  });
});
