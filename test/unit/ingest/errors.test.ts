import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { readSource } from '../../../src/ingest/read-source.js';
import { FIXTURES, params, scratchDir, writeFile } from './helpers.js';

let dir: string;
beforeAll(() => {
  dir = scratchDir();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function failure(promise: Promise<unknown>): Promise<InputError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InputError);
  const message = (err as InputError).message;
  expect(message.split('\n')).toHaveLength(1);
  expect(message).not.toMatch(/\d{15,}/); // never an ID number in a message
  return err as InputError;
}

describe('bad input is an InputError naming the file and the problem', () => {
  const ctx = { params: params() };

  it('a path that does not exist', async () => {
    const err = await failure(readSource({ kind: 'medical', path: path.join(dir, 'nope.csv'), displayName: 'extracts/nope.csv' }, ctx));
    expect(err.message).toMatch(/^extracts\/nope\.csv: file not found/);
  });

  it('an empty file', async () => {
    const err = await failure(readSource({ kind: 'medical', path: writeFile(dir, 'empty.csv', '') }, ctx));
    expect(err.message).toBe('empty.csv: the file is empty');
  });

  it('no recognisable header lists the columns of the near-miss header row', async () => {
    const file = writeFile(dir, 'noheader.csv', '编号,姓名,号码,参保状态\n1,张三,371522197407091859,正常\n');
    const err = await failure(readSource({ kind: 'medical', path: file }, ctx));
    expect(err.message).toBe('noheader.csv: no header row found (needs 3 known column names); row 1 has 2 known: 编号, 姓名, 号码, 参保状态');
  });

  it('a file with no header at all echoes none of its cells (they are a person)', async () => {
    const file = writeFile(dir, 'headless.csv', '张三丰,371522197407091859,城乡居民,正常\n');
    const err = await failure(readSource({ kind: 'medical', path: file }, ctx));
    expect(err.message).toBe('headless.csv: no header row found (needs 3 known column names); no row names any known column');
    expect(err.message).not.toContain('张三丰');
  });

  it('a missing required column', async () => {
    const file = writeFile(dir, 'noid.csv', '姓名,险种,参保状态,参保年度\n张三,城乡居民基本医疗保险,正常,2023\n');
    const err = await failure(readSource({ kind: 'medical', path: file }, ctx));
    expect(err.message).toBe('noid.csv: missing required column(s) 身份证号 (header row 1)');
  });

  it('a corrupt XLSX', async () => {
    const file = writeFile(dir, 'broken.xlsx', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(300, 7)]));
    const err = await failure(readSource({ kind: 'system', path: file }, ctx));
    expect(err.message).toMatch(/^broken\.xlsx: not a readable XLSX file/);
  });

  it('an old binary .xls', async () => {
    const file = writeFile(dir, 'old.xls', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(100)]));
    const err = await failure(readSource({ kind: 'system', path: file }, ctx));
    expect(err.message).toMatch(/^old\.xls: an old binary \.xls workbook/);
  });

  it('a file that is not in the encoding the pipeline says (no silent mojibake)', async () => {
    const err = await failure(
      readSource({ kind: 'medical', path: path.join(FIXTURES, 'medical-gbk.csv'), encoding: 'utf-8' }, ctx),
    );
    expect(err.message).toMatch(/^medical-gbk\.csv: cannot be decoded as utf-8/);
  });

  it('an XLSX without the named sheet lists the sheets it has', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('花名册').addRow(['户编号', '姓名', '证件号码']);
    const file = path.join(dir, 'named.xlsx');
    await workbook.xlsx.writeFile(file);
    const err = await failure(readSource({ kind: 'system', path: file, sheet: '学籍' }, ctx));
    expect(err.message).toBe('named.xlsx: no sheet named "学籍" (sheets: 花名册)');
  });

  it('an unknown encoding label', async () => {
    const err = await failure(readSource({ kind: 'medical', path: path.join(FIXTURES, 'medical-gbk.csv'), encoding: 'klingon' }, ctx));
    expect(err.message).toBe('medical-gbk.csv: unknown encoding "klingon"');
  });

  it('an XLSX whose first sheet is notes names the sheet read and the others, suggesting --sheet', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('填表说明').addRows([['1. 身份证号请填写18位'], ['2. 日期格式 2023-05-01']]);
    workbook.addWorksheet('花名册').addRows([['姓名', '身份证号', '审批日期', '状态'], ['张三', '371722197806233835', '2019-04-04', '在保']]);
    workbook.addWorksheet('汇总');
    const file = path.join(dir, 'notes-first.xlsx');
    await workbook.xlsx.writeFile(file);
    const err = await failure(readSource({ kind: 'tekun', path: file }, ctx));
    expect(err.message).toMatch(/^notes-first\.xlsx: no header row found .*; read sheet "填表说明"; other sheets: "花名册", "汇总" \(choose one with --sheet/);
    expect(err.message).not.toContain('张三');
  });

  it('an XLSX whose first sheet is empty names it and the others', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Sheet1');
    workbook.addWorksheet('Sheet2').addRows([['姓名', '身份证号', '审批日期', '状态'], ['张三', '371722197806233835', '2019-04-04', '在保']]);
    const file = path.join(dir, 'empty-first.xlsx');
    await workbook.xlsx.writeFile(file);
    const err = await failure(readSource({ kind: 'tekun', path: file }, ctx));
    expect(err.message).toMatch(/^empty-first\.xlsx: no rows at all; read sheet "Sheet1"; other sheets: "Sheet2" \(choose one with --sheet/);
  });

  it.each([
    ['tab.csv', '\t', 'tabs'],
    ['semicolon.csv', ';', 'semicolons'],
  ])('a CSV separated by other than commas (%s) says which, echoing no person', async (name, sep, word) => {
    const rows = [['姓名', '身份证号', '审批日期', '状态'], ['张三', '371722197806233835', '2019-04-04', '在保']];
    const file = writeFile(dir, name, rows.map((r) => r.join(sep)).join('\r\n'));
    const err = await failure(readSource({ kind: 'tekun', path: file }, ctx));
    expect(err.message).toMatch(new RegExp(`^${name.replace('.', '\\.')}: no header row found .*the file seems to be separated by ${word}, not commas`));
    expect(err.message).not.toContain('张三');
  });
});
