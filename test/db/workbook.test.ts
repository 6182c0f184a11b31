/**
 * County workbooks end to end on every dialect: written from a ledger seeded
 * through applyRun, opened back with exceljs, filled in, imported.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importWorkbook } from '../../src/export/import-workbook.js';
import { startCountyWorkbooks, writeCountyWorkbook, writeCountyWorkbooks } from '../../src/export/workbook.js';
import { encodeItemCell, FINDING_COL, TICKET_COL } from '../../src/export/workbook/layout.js';
import { getFinding, getTicket, listEvents } from '../../src/ledger/queries.js';
import { DIALECTS, freshDb, tempDir, type TestDb } from '../helpers/db.js';
import { finding, night, NOWHERE, SHANGHE, ticket } from './workbook-seed.js';

const A = '370124199001011234';
const B = '370124198505052345';
const C = '37012419700303345X';
const D = '370126200101015678';
const E = '370124199912120011';
const F = '370124196006066789';
const DUP = '370124198808088888';
const HEAD1 = '370124197707077777';
const HEAD2 = '370124196606066666';

const NIGHT1 = {
  findings: [
    finding('MED_UNINSURED', A, { name: '=HYPERLINK("http://x","点我")', detail: '-1 无参保记录', systemValue: '@SUM(A1)', deptValue: '+86' }),
    finding('MED_UNINSURED', B, { name: '李四' }),
    finding('MED_UNINSURED', F, { name: '孙八' }),
    finding('DIBAO_STALE', C, { source: 'dibao', name: '王二' }),
    finding('ID_INVALID', 'H000001/王五', { idNumber: '999999', name: '王五' }),
    finding('ID_DUPLICATE', DUP, { counties: ['370124', '370126'], detail: '两户重复' }),
    finding('MED_UNINSURED', D, { place: SHANGHE }),
    finding('MATCH_AMBIGUOUS', E, { place: NOWHERE, idNumber: null, deptIdNumber: E, source: 'medical', householdId: null }),
  ],
  tickets: [ticket(HEAD1, '2023-03-01'), ticket(HEAD2, '2023-05-01', { headName: '周九', memberNames: ['周九'] })],
};

async function openWorkbook(file: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  return workbook;
}

/** The data row (row number) whose 身份证号 cell reads `id`. */
function rowOf(sheet: ExcelJS.Worksheet, column: number, id: string): ExcelJS.Row {
  for (let r = 3; r <= sheet.rowCount; r++) if (sheet.getRow(r).getCell(column).value === id) return sheet.getRow(r);
  throw new Error(`no row for ${id} in ${sheet.name}`);
}

for (const { dialect, available } of DIALECTS) {
  describe.skipIf(!available)(`correction workbooks (${dialect})`, () => {
    let test: TestDb;
    let dir: string;
    let run1: number;
    beforeEach(async () => {
      test = await freshDb(dialect);
      dir = tempDir('recon-workbook-');
      run1 = await night(test.db, '2023-06-10', NIGHT1.findings, NIGHT1.tickets);
    });
    afterEach(async () => {
      await test.cleanup();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('writes one workbook per county plus unplaced, in the layout outputs.md fixes', async () => {
      const files = await writeCountyWorkbooks(test.db, run1, dir);
      expect(files.map((file) => path.relative(dir, file)).sort()).toEqual([
        path.join('workbooks', '370124-平阴县.xlsx'), path.join('workbooks', '370126-商河县.xlsx'), path.join('workbooks', 'unplaced.xlsx'),
      ]);
      const pingyin = await openWorkbook(files.find((file) => file.includes('370124'))!);
      expect(pingyin.worksheets.map((sheet) => sheet.name)).toEqual(['汇总', '身份证号无效', '身份证号重复', '未参加基本医疗保险', '标注低保但已不在保', '研判工单']);

      const medical = pingyin.getWorksheet('未参加基本医疗保险')!;
      expect(String(medical.getCell('A1').value)).toContain('平阴县（370124）');
      expect(medical.getRow(2).values).toEqual([undefined, '序号', '乡镇', '村', '户编号', '姓名', '身份证号', '问题', '系统值', '部门值', '首次发现', '核实结果', '核实说明', '核实人', '核实日期', '系统键（请勿修改）']);
      expect(medical.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
      expect(medical.autoFilter).toBe('A2:O5');
      expect(medical.getColumn(FINDING_COL.key).hidden).toBe(true);
      const rowA = rowOf(medical, FINDING_COL.idNumber, A);
      const idCell = rowA.getCell(FINDING_COL.idNumber);
      expect(idCell.type).toBe(ExcelJS.ValueType.String);
      expect(idCell.numFmt).toBe('@');
      expect(rowA.getCell(FINDING_COL.key).value).toBe(encodeItemCell({ type: 'finding', key: `MED_UNINSURED|${A}|`, status: 'open', reopened: 0 }));
      expect(rowA.getCell(FINDING_COL.firstSeen).value).toBe('2023-06-10');
      expect(medical.getCell(`K${rowA.number}`).dataValidation).toMatchObject({ type: 'list', formulae: ['"已整改,情况属实无需整改,部门数据有误,其他"'] });
      // wide enough for an 18-character ID
      expect(medical.getColumn(FINDING_COL.idNumber).width).toBeGreaterThanOrEqual(18);

      // a name, detail or value that looks like a formula stays text
      expect(rowA.getCell(FINDING_COL.name).value).toBe(`'=HYPERLINK("http://x","点我")`);
      // 问题 is the rule's Chinese sentence, not the English detail of findings.csv
      expect(rowA.getCell(FINDING_COL.problem).value).toBe('未参加基本医疗保险：医保数据中没有有效的参保记录');
      expect(rowA.getCell(FINDING_COL.systemValue).value).toBe(`'@SUM(A1)`);
      expect(rowA.getCell(FINDING_COL.deptValue).value).toBe(`'+86`);
      for (const sheet of pingyin.worksheets) {
        sheet.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)));
      }

      const tickets = pingyin.getWorksheet('研判工单')!;
      expect(tickets.getRow(2).getCell(TICKET_COL.result).value).toBe('研判结论');
      expect(tickets.getCell(`N3`).dataValidation).toMatchObject({ type: 'list', formulae: ['"纳入监测,不符合条件,已是监测对象,其他"'] });
      const head = rowOf(tickets, TICKET_COL.headIdNumber, HEAD1);
      expect(head.getCell(TICKET_COL.kind).value).toBe('新增低保特困未研判');
      expect(head.getCell(TICKET_COL.overdue).value).toBe('否');

      // a cross-county duplicate is listed in both counties' workbooks; the ambiguous record without a county in unplaced
      const shanghe = await openWorkbook(files.find((file) => file.includes('370126'))!);
      expect(shanghe.worksheets.map((sheet) => sheet.name)).toEqual(['汇总', '身份证号重复', '未参加基本医疗保险', '研判工单']);
      rowOf(shanghe.getWorksheet('身份证号重复')!, FINDING_COL.idNumber, DUP);
      const unplaced = await openWorkbook(files.find((file) => file.endsWith('unplaced.xlsx'))!);
      rowOf(unplaced.getWorksheet('部门记录无法唯一匹配')!, FINDING_COL.idNumber, E);

      const summary = pingyin.getWorksheet('汇总')!;
      const texts: string[] = [];
      summary.eachRow((row) => texts.push((row.values as unknown[]).slice(1).join('|')));
      expect(texts).toContain('未参加基本医疗保险|3|0|3|0');
      expect(texts).toContain('新增低保特困未研判|2|0|0|0');
    });

    it('writes the same workbooks when a second thread writes some of them (SQLite file)', async () => {
      const dump = async (file: string) => {
        const lines: string[] = [];
        (await openWorkbook(file)).eachSheet((sheet) => {
          lines.push(`#${sheet.name} ${sheet.autoFilter ?? ''}`);
          sheet.eachRow((row, n) => lines.push(`${n}:${JSON.stringify(row.values)}`));
        });
        return lines;
      };
      const inline = await startCountyWorkbooks(test.db, run1, path.join(dir, 'inline'), { threadFrom: Infinity });
      const inlineFiles = await inline.finish();
      const split = await startCountyWorkbooks(test.db, run1, path.join(dir, 'split'), { threadFrom: 0 });
      expect(inline.threaded).toBe(false);
      // the thread needs a database file: SQLite's test databases are files, PostgreSQL stays inline
      expect(split.threaded).toBe(dialect === 'sqlite');
      const splitFiles = await split.finish();
      expect(splitFiles.map((file) => path.relative(path.join(dir, 'split'), file))).toEqual(inlineFiles.map((file) => path.relative(path.join(dir, 'inline'), file)));
      expect(splitFiles).toHaveLength(3);
      for (const [i, file] of splitFiles.entries()) expect(await dump(file)).toEqual(await dump(inlineFiles[i]!));
    });

    it('fails as a whole when a workbook cannot be written on either thread', async () => {
      // a folder where each workbook should go: no thread can write one
      for (const name of ['370124-平阴县.xlsx', '370126-商河县.xlsx', 'unplaced.xlsx']) fs.mkdirSync(path.join(dir, 'workbooks', name), { recursive: true });
      const workbooks = await startCountyWorkbooks(test.db, run1, dir, { threadFrom: 0 });
      await expect(workbooks.finish()).rejects.toThrow(/EISDIR|directory/i);
    });

    it('writes only the counties of the run\'s region', async () => {
      const qingzhou = { countyCode: '370781', county: '青州市', townCode: null, town: null, villageCode: null, village: null };
      await night(test.db, '2023-06-10', [...NIGHT1.findings, finding('MED_UNINSURED', '370781199001011234', { place: qingzhou })], NIGHT1.tickets);
      const cityRun = await test.db.kysely.insertInto('run')
        .values({ name: 'city', region: '3707', as_of: '2023-06-10', status: 'completed', started_at: '2023-06-10T00:00:00Z', params: '{}' })
        .returning('id').executeTakeFirstOrThrow();
      const files = await writeCountyWorkbooks(test.db, cityRun.id, dir);
      expect(files.map((file) => path.basename(file))).toEqual(['370781-青州市.xlsx']);
    });

    it('highlights overdue tickets', async () => {
      const file = path.join(dir, 'late.xlsx');
      const counts = await writeCountyWorkbook(test.db, '370124', file, { asOf: '2023-07-01' });
      expect(counts).toEqual({ findings: 6, tickets: 2 });
      const sheet = (await openWorkbook(file)).getWorksheet('研判工单')!;
      const row = rowOf(sheet, TICKET_COL.headIdNumber, HEAD1);
      expect(row.getCell(TICKET_COL.overdue).value).toBe('是');
      expect(row.getCell(TICKET_COL.dueAt).value).toBe('2023-06-25');
      expect((row.getCell(TICKET_COL.headName).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFF8CBAD');
    });

    it('reads a filled workbook back through the ledger, reports bad rows, and changes nothing the second time', async () => {
      const file = path.join(dir, 'pingyin.xlsx');
      await writeCountyWorkbook(test.db, '370124', file);
      const workbook = await openWorkbook(file);
      const medical = workbook.getWorksheet('未参加基本医疗保险')!;
      const answer = (row: ExcelJS.Row, values: Record<number, ExcelJS.CellValue>) => {
        for (const [column, value] of Object.entries(values)) row.getCell(Number(column)).value = value;
      };
      const col = FINDING_COL;
      answer(rowOf(medical, col.idNumber, A), { [col.answer]: '已整改', [col.note]: '已补缴', [col.by]: '王五', [col.date]: '2023-06-12' });
      answer(rowOf(medical, col.idNumber, B), { [col.answer]: '部门数据有误', [col.by]: '赵六' });
      answer(rowOf(medical, col.idNumber, F), { [col.answer]: '已处理', [col.by]: '赵六' });
      const dibao = workbook.getWorksheet('标注低保但已不在保')!;
      answer(rowOf(dibao, col.idNumber, C), { [col.answer]: '其他', [col.note]: '待民政复核', [col.by]: '赵六', [col.date]: new Date(Date.UTC(2023, 5, 13)) });
      const invalid = workbook.getWorksheet('身份证号无效')!;
      answer(invalid.getRow(3), { [col.answer]: '已整改' }); // no 核实人
      const duplicate = workbook.getWorksheet('身份证号重复')!;
      answer(rowOf(duplicate, col.idNumber, DUP), { [col.idNumber]: '370124198808088889', [col.answer]: '已整改', [col.by]: '赵六' });
      // a row someone added by hand, with a key the ledger never had
      answer(duplicate.getRow(10), { [col.answer]: '已整改', [col.by]: '赵六', [col.key]: encodeItemCell({ type: 'finding', key: 'ID_DUPLICATE|370124000000000000|', status: 'open', reopened: 0 }) });
      const tickets = workbook.getWorksheet('研判工单')!;
      const t = TICKET_COL;
      answer(rowOf(tickets, t.headIdNumber, HEAD1), { [t.result]: '纳入监测', [t.note]: '收入骤降', [t.by]: '钱七', [t.date]: '2023-06-15' });
      answer(rowOf(tickets, t.headIdNumber, HEAD2), { [t.result]: '不符合条件', [t.by]: '钱七', [t.date]: '2023-04-01' });
      const filled = path.join(dir, 'filled.xlsx');
      await workbook.xlsx.writeFile(filled);

      const report = await importWorkbook(test.db, filled, { today: '2023-06-20' });
      expect(report.findings).toEqual({ resolved: 1, dismissed: 1, inProgress: 1 });
      expect(report.tickets).toEqual({ assessed: 1 });
      expect(report.unchanged).toBe(0);
      expect(report.issues.map((issue) => `${issue.sheet}:${issue.row}`).sort()).toEqual([
        `未参加基本医疗保险:${rowOf(medical, col.idNumber, F).number}`,
        '研判工单:' + rowOf(tickets, t.headIdNumber, HEAD2).number,
        '身份证号无效:3',
        '身份证号重复:10',
        '身份证号重复:3',
      ].sort());
      const reasons = report.issues.map((issue) => issue.reason).join('\n');
      expect(reasons).toMatch(/核实人 is blank/);
      expect(reasons).toMatch(/身份证号 was changed/);
      expect(reasons).toMatch(/unknown key/);
      expect(reasons).toMatch(/not one of the drop-down values/);
      expect(reasons).toMatch(/before the trigger date/);
      // no ID number or name in what is reported
      expect(reasons).not.toMatch(/\d{15}|王五|赵六|钱七/);

      const a = (await getFinding(test.db, `MED_UNINSURED|${A}|`))!;
      expect(a).toMatchObject({ status: 'resolved', updated_by: '王五', updated_at: '2023-06-12', note: '已整改：已补缴' });
      expect(await getFinding(test.db, `MED_UNINSURED|${B}|`)).toMatchObject({ status: 'dismissed', note: '部门数据有误', updated_at: '2023-06-20' });
      expect(await getFinding(test.db, `DIBAO_STALE|${C}|dibao`)).toMatchObject({ status: 'in_progress', note: '其他：待民政复核', updated_at: '2023-06-13' });
      expect(await getFinding(test.db, `MED_UNINSURED|${F}|`)).toMatchObject({ status: 'open' });
      expect(await getFinding(test.db, 'ID_INVALID|H000001/王五|')).toMatchObject({ status: 'open' });
      expect(await getFinding(test.db, `ID_DUPLICATE|${DUP}|`)).toMatchObject({ status: 'open' });
      expect(await getTicket(test.db, `NEW_AID_UNASSESSED|${HEAD1}`)).toMatchObject({ status: 'assessed', result: '纳入监测', assessed_at: '2023-06-15', assessed_by: '钱七' });
      expect(await getTicket(test.db, `NEW_AID_UNASSESSED|${HEAD2}`)).toMatchObject({ status: 'open', result: null });
      const eventsOfA = await listEvents(test.db, 'finding', `MED_UNINSURED|${A}|`);
      expect(eventsOfA.at(-1)).toMatchObject({ by: '王五', at: '2023-06-12', from_status: 'open', to_status: 'resolved' });

      const eventCount = async () => Number((await test.db.kysely.selectFrom('event').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const before = await eventCount();
      const again = await importWorkbook(test.db, filled, { today: '2023-06-21' });
      expect(again.findings).toEqual({ resolved: 0, dismissed: 0, inProgress: 0 });
      expect(again.tickets).toEqual({ assessed: 0 });
      expect(again.unchanged).toBe(4);
      expect(again.issues).toHaveLength(5);
      expect(await eventCount()).toBe(before);
      expect(await getFinding(test.db, `MED_UNINSURED|${B}|`)).toMatchObject({ updated_at: '2023-06-20' });
    });

    it('refuses a workbook with no sheet of ours instead of reporting nothing to import', async () => {
      const file = path.join(dir, 'other.xlsx');
      const other = new ExcelJS.Workbook();
      other.addWorksheet('Sheet1').addRows([['姓名', '备注'], ['张三', '已整改']]);
      await other.xlsx.writeFile(file);
      await expect(importWorkbook(test.db, file, { today: '2023-06-20' })).rejects.toThrow(/no sheet has the 核实结果 or 研判结论 header/);
    });

    it('refuses a workbook whose key column was deleted, before changing anything', async () => {
      const file = path.join(dir, 'pingyin.xlsx');
      await writeCountyWorkbook(test.db, '370124', file);
      const workbook = await openWorkbook(file);
      // an answer on an earlier sheet, the key column gone from a later one
      const answered = rowOf(workbook.getWorksheet('未参加基本医疗保险')!, FINDING_COL.idNumber, A);
      answered.getCell(FINDING_COL.answer).value = '已整改';
      answered.getCell(FINDING_COL.by).value = '王五';
      workbook.getWorksheet('研判工单')!.spliceColumns(TICKET_COL.key, 1);
      await workbook.xlsx.writeFile(file);
      await expect(importWorkbook(test.db, file, { today: '2023-06-20' })).rejects.toThrow(/sheet 研判工单 row 2: column 系统键（请勿修改） is missing/);
      expect(await getFinding(test.db, `MED_UNINSURED|${A}|`)).toMatchObject({ status: 'open' });
    });

    it('reports a row whose item changed since export and leaves it alone', async () => {
      const file = path.join(dir, 'pingyin.xlsx');
      await writeCountyWorkbook(test.db, '370124', file);
      // the next night no longer finds B: auto-closed after the workbook went out
      await night(test.db, '2023-06-11', NIGHT1.findings.filter((item) => item.idNumber !== B), NIGHT1.tickets);
      expect(await getFinding(test.db, `MED_UNINSURED|${B}|`)).toMatchObject({ status: 'auto_closed' });
      const workbook = await openWorkbook(file);
      const row = rowOf(workbook.getWorksheet('未参加基本医疗保险')!, FINDING_COL.idNumber, B);
      row.getCell(FINDING_COL.answer).value = '已整改';
      row.getCell(FINDING_COL.by).value = '王五';
      await workbook.xlsx.writeFile(file);
      const report = await importWorkbook(test.db, file, { today: '2023-06-20' });
      expect(report.findings.resolved).toBe(0);
      expect(report.issues).toEqual([{ sheet: '未参加基本医疗保险', row: row.number, reason: expect.stringMatching(/changed since export/) }]);
      expect(await getFinding(test.db, `MED_UNINSURED|${B}|`)).toMatchObject({ status: 'auto_closed' });
    });
  });
}
