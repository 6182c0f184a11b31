/** CSV writing: BOM, quoting, and the formula-injection guard on every cell. */
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../../src/export/csv.js';
import { formatMembers } from '../../../src/export/ledger-csv.js';
import { safeCell } from '../../../src/export/safe-text.js';

describe('safeCell', () => {
  it.each([
    ['=HYPERLINK("http://x")', `'=HYPERLINK("http://x")`],
    ['+86 138', `'+86 138`],
    ['-1', `'-1`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\tcmd', `'\tcmd`],
    ['\rcmd', `'\rcmd`],
    ['张三', '张三'],
    ['370102199001011234', '370102199001011234'],
    ['a=b', 'a=b'],
    ['', ''],
  ])('%j → %j', (input, output) => {
    expect(safeCell(input)).toBe(output);
  });
});

describe('toCsv', () => {
  it('writes a BOM, a header, quoted fields and guarded cells', () => {
    const text = toCsv(['key', 'detail', 'n'], [
      ['K|1', '=cmd|"/c calc"', 3],
      ['K|2', 'line one\nline two, with comma', null],
    ]);
    expect(text.startsWith('\uFEFFkey,detail,n\r\n')).toBe(true);
    expect(text).toContain(`K|1,"'=cmd|""/c calc""",3\r\n`);
    expect(text).toContain('K|2,"line one\nline two, with comma",\r\n');
  });

  it('writes only the header when there are no rows', () => {
    expect(toCsv(['file', 'row', 'reason', 'raw'], [])).toBe('\uFEFFfile,row,reason,raw\r\n');
  });
});

describe('formatMembers', () => {
  it('joins names with their IDs by ;', () => {
    expect(formatMembers(JSON.stringify([{ idNumber: '370124199001011234', name: '李四' }, { idNumber: '370124201001011235', name: '' }]))).toBe(
      '李四(370124199001011234);370124201001011235',
    );
  });
});
