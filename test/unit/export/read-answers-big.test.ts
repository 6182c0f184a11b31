/**
 * A big returned workbook, Chinese everywhere (rare names outside the BMP
 * too), reads back exactly. exceljs 4.4's plain streaming reader turns ~200
 * of these rows' characters cut at a chunk boundary into U+FFFD; the import
 * reads with ingest's fixed one.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeItemCell, FINDING_COLUMNS, KEY_HEADER, TICKET_COLUMNS } from '../../../src/export/workbook/layout.js';
import { readAnswerRows, type AnswerRow } from '../../../src/export/workbook/read-answers.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recon-big-answers-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const SURNAMES = '张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋';
// rare given-name characters (CJK Extension B: two UTF-16 code units each) among common ones
const GIVEN = ['𠮷', '𡈼', '𪚥', '䶮', '明', '秀英', '建国', '桂兰'];
const ROWS = 12_000;

function personName(i: number): string {
  return `${SURNAMES[i % SURNAMES.length]}${GIVEN[i % GIVEN.length]}${GIVEN[(i * 7 + 3) % GIVEN.length]}`;
}

describe('readAnswerRows on a big workbook', () => {
  it('reads every Chinese cell of every filled row back exactly', async () => {
    const file = path.join(dir, 'returned.xlsx');
    // the streaming writer (exceljs' in-memory writer garbles such text itself), with shared strings as Excel saves them
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
    const findingSheet = workbook.addWorksheet('身份证号无效');
    findingSheet.addRow(['济南市历下区 防止返贫监测数据比对核实表']);
    findingSheet.addRow(FINDING_COLUMNS.map((column) => column.header));
    const ticketSheet = workbook.addWorksheet('研判工单');
    ticketSheet.addRow(['研判工单']);
    ticketSheet.addRow(TICKET_COLUMNS.map((column) => column.header));
    const expected: Omit<AnswerRow, 'item'>[] = [];
    const findingRows: string[][] = [];
    const ticketRows: string[][] = [];
    const findingIndex = (header: string) => FINDING_COLUMNS.findIndex((column) => column.header === header);
    const ticketIndex = (header: string) => TICKET_COLUMNS.findIndex((column) => column.header === header);
    for (let i = 0; i < ROWS; i++) {
      const ticket = i % 4 === 3;
      const [sheet, columns, index] = ticket ? [ticketSheet, TICKET_COLUMNS, ticketIndex] as const : [findingSheet, FINDING_COLUMNS, findingIndex] as const;
      const cells: string[] = columns.map((column) => `${column.header}：${personName(i)}的第${i}行`);
      const answer = ticket ? '风险已消除' : '已整改';
      const note = `已于乡镇核实，${personName(i + 1)}家中${GIVEN[i % GIVEN.length]!.repeat(1 + (i % 5))}情况属实；说明第${i}条`;
      const by = `${personName(i + 2)}（${SURNAMES[(i * 3) % SURNAMES.length]}家庄村）`;
      const idCell = `37010219900101${String(i % 10_000).padStart(4, '0')}`;
      cells[index(ticket ? '研判结论' : '核实结果')] = answer;
      cells[index(ticket ? '研判说明' : '核实说明')] = note;
      cells[index(ticket ? '研判人' : '核实人')] = by;
      cells[index(ticket ? '研判日期' : '核实日期')] = '2023年6月12日';
      cells[index(ticket ? '户主身份证号' : '身份证号')] = idCell;
      cells[index(KEY_HEADER)] = encodeItemCell({ type: ticket ? 'ticket' : 'finding', key: `K|${i}`, status: 'open', reopened: 0 });
      const rows = ticket ? ticketRows : findingRows;
      rows.push(cells);
      expected.push({ sheet: sheet.name, row: rows.length + 2, type: ticket ? 'ticket' : 'finding', idCell, answer, note, by, date: '2023-06-12' });
    }
    for (const row of findingRows) findingSheet.addRow(row).commit();
    findingSheet.commit();
    for (const row of ticketRows) ticketSheet.addRow(row).commit();
    ticketSheet.commit();
    await workbook.commit();
    expect(fs.statSync(file).size).toBeGreaterThan(1_000_000); // many 16K pieces per sheet

    const read: AnswerRow[] = [];
    for await (const row of readAnswerRows(file)) read.push(row);
    const bySheetThenRow = (a: { sheet: string; row: number }, b: { sheet: string; row: number }) => a.sheet.localeCompare(b.sheet) || a.row - b.row;
    const got = read.map(({ item: _item, ...rest }) => rest).sort(bySheetThenRow);
    expected.sort(bySheetThenRow);
    expect(got).toHaveLength(expected.length);
    const differing = got.findIndex((row, i) => JSON.stringify(row) !== JSON.stringify(expected[i]));
    expect(differing === -1 ? null : [got[differing], expected[differing]]).toBeNull();
    expect(read.every((row) => row.item !== null && row.item.key.startsWith('K|'))).toBe(true);
    expect(read.some((row) => row.note.includes('\uFFFD') || row.by.includes('\uFFFD'))).toBe(false);
  }, 120_000);
});
