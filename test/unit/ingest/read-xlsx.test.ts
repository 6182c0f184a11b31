import ExcelJS from 'exceljs';
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSource } from '../../../src/ingest/read-source.js';
import type { EducationRecord, SystemMember } from '../../../src/model/records.js';
import { makeId } from './gb11643.js';
import { params, scratchDir, writeFile } from './helpers.js';

const HEADER_2023 = [
  '序号', '市', '县(市、区)', '乡(镇)', '村(社区)', '户编号', '姓名', '证件号码\n(18位)', '与户主关系', '性别', '出生日期',
  '在校生情况', '劳动技能', '享受低保政策情况*', '享受特困供养政策情况', '户类型', '监测对象类别', '识别监测时间',
  '致贫/返贫风险1', '致贫/返贫风险2', '风险是否已消除', '产业帮扶*', '就业帮扶', '公益岗位', '健康帮扶',
  '实施开发式帮扶措施情况', '人均纯收入（元）', '人员状态',
];
const HEAD_ID = makeId('371522', '19740709', '185');
const CHILD_ID = makeId('371522', '20150301', '002');

let dir: string;
beforeAll(() => {
  dir = scratchDir();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function writeWorkbook(name: string, sheets: { name: string; rows: unknown[][]; merge?: string }[]): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  for (const sheet of sheets) {
    const ws = workbook.addWorksheet(sheet.name);
    for (const row of sheet.rows) ws.addRow(row);
    if (sheet.merge) ws.mergeCells(sheet.merge);
  }
  const file = path.join(dir, name);
  await workbook.xlsx.writeFile(file);
  return file;
}

describe('XLSX, 全国系统 2023 layout', () => {
  it('reads title rows, merged title, numeric/date/rich-text/formula cells, measures; skips blank, repeated header and 合计', async () => {
    const title = '莘县防止返贫监测对象信息表';
    const file = await writeWorkbook('system-2023.xlsx', [
      { name: '说明', rows: [['这是说明页'], ['序号', '户编号', '姓名', '证件号码']] },
      {
        name: '花名册',
        merge: 'A1:H1',
        rows: [
          [title],
          ['导出单位：县乡村振兴局    导出日期：2023-06-10'],
          HEADER_2023,
          [
            1, '聊城市', '莘县', '朝城镇', '朝安村村民委员会', '3715221020000001', { richText: [{ text: '胡' }, { text: '建忠' }] },
            370102199001011000, '户主', '男', new Date(Date.UTC(1974, 6, 9)), '小学三年级', '普通劳动', '农村低保', '不享受',
            '脱贫不享受政策户', null, 202208, '因病', '因学、缺劳动力', '否', '否', '技能培训', '√', '是', '已实施',
            { formula: '1000*7', result: 7000 }, '正常',
          ],
          [],
          [
            2, '聊城市', '莘县', '朝城镇', '朝安', '3715221020000001', '刘  方', ` ${CHILD_ID}`, '之女', '女', '2015-03-01',
            '小学', '无劳动力', '未享受', '农村特困', '一般农户', '边缘易致贫户', '2022年8月', '因灾害', null, '是', null,
            '技能培训、其他', null, null, '尚未实施', '7,100元', null,
          ],
          [3, '聊城市', '莘县', '朝城镇', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', ''],
          HEADER_2023,
          ['合计', null, null, null, null, '3人'],
        ],
      },
    ]);
    const parsed = await readSource({ kind: 'system', path: file, sheet: '花名册' }, { params: params() });
    expect(parsed.sheet).toBe('花名册');
    expect(parsed.encoding).toBe('xlsx');
    expect(parsed.headerRow).toBe(3);
    expect([parsed.read, parsed.accepted, parsed.rejected]).toEqual([3, 2, 1]);
    expect(parsed.rejects.map((r) => [r.row, r.reason])).toEqual([[7, 'HOUSEHOLD_AND_ID_MISSING']]);
    const [head, child] = parsed.records as [SystemMember, SystemMember];
    expect(head).toMatchObject({
      row: 4,
      seq: 0,
      householdId: '3715221020000001',
      name: '胡建忠',
      id: { key: '370102199001011***', status: 'lost', prefix15: '370102199001011' },
      birthDate: '1974-07-09',
      stage: 'PRIMARY',
      labour: 'able',
      dibao: 'rural',
      tekun: 'no',
      status: '正常',
      living: true,
    });
    expect(head.place.villageCode).toBe('371522102311');
    expect(head.household).toMatchObject({
      householdType: '脱贫户',
      policyStatus: '脱贫不享受政策户',
      monitorType: null,
      identifiedAt: '2022-08-01',
      riskTypes: ['因病', '因学', '缺劳动力'],
      riskEliminated: 'no',
      devAssistanceFlag: 'yes',
      income: 7000,
      devMeasure: true,
    });
    // 产业帮扶 否 → none; 就业帮扶 技能培训 alone → does not count; 公益岗位 √ → 公益岗位帮扶
    expect([...head.household.measures].sort()).toEqual(['健康帮扶', '公益岗位帮扶'].sort());

    expect(child).toMatchObject({
      row: 6, // the blank row 5 is skipped; rows keep their sheet numbers
      seq: 1,
      name: '刘方',
      id: { key: CHILD_ID, status: 'valid', sex: Number(CHILD_ID[16]) % 2 ? '男' : '女' },
      labour: 'none',
      dibao: 'none',
      tekun: 'yes',
      status: '正常',
    });
    expect(child.household).toMatchObject({
      householdType: '监测户',
      monitorType: '边缘易致贫户',
      identifiedAt: '2022-08-01',
      riskTypes: ['因灾害'],
      measures: [],
      devMeasure: false,
      devAssistanceFlag: 'no',
      income: 7100,
    });
    expect(parsed.outOfVocabulary).toEqual({ riskTypes: 1 });
  });
});

describe('XLSX, 全国系统 older layout (as CSV) reads into the same fields', () => {
  it('maps 是否享受低保 yes/no, one 帮扶措施 list with sub-items, one 风险类型 column, YYYYMM dates', async () => {
    const header = '序号,市,县,乡镇,行政村,户编号,成员姓名,公民身份号码（18位）,与户主关系,在校生状况*,劳动能力,是否享受低保,是否特困供养人员,户类型,脱贫户属性,监测类型,纳入监测时间,风险类型,是否风险消除,风险消除时间,帮扶措施,是否已实施开发式帮扶,家庭年人均纯收入（元）,成员状态';
    const rows = [
      '莘县防止返贫监测信息,,,,,,,,,,,,,,,,,,,,,,,',
      header,
      `1,聊城市,莘县,朝城镇,朝安村,3715221020000001,胡建忠,${HEAD_ID},户主,非在校生,弱劳动力或半劳动力,是,否,脱贫户,,脱贫不稳定户,202208,因病；因残,是,202304,"小额信贷、技能培训、健康帮扶",是,"12,000",正常`,
      `2,聊城市,莘县,朝城镇,朝安村,3715221020000001,刘方,${CHILD_ID},之女,初二,,否,,脱贫户,,,,,,,光伏扶贫,否,12000,死亡`,
      `3,聊城市,莘县,朝城镇,朝安村,3715221020000002,王五,,户主,,,N,,脱贫户,脱贫享受政策户,,,,,,技能培训,,8000,`,
    ];
    const file = writeFile(dir, 'system-old.csv', rows.join('\r\n'));
    const parsed = await readSource({ kind: 'system', path: file }, { params: params() });
    expect(parsed.headerRow).toBe(2);
    expect(parsed.accepted).toBe(3); // a blank ID in the system extract is a finding, not a reject
    const [head, child, other] = parsed.records as [SystemMember, SystemMember, SystemMember];
    expect(head).toMatchObject({ dibao: 'rural', tekun: 'no', labour: 'weak', stage: 'NONE' });
    expect(head.household).toMatchObject({
      householdType: '监测户',
      policyStatus: '脱贫享受政策户', // a 脱贫户 with no policy column value enjoys the policy; kept while it is also 监测户
      monitorType: '脱贫不稳定户',
      identifiedAt: '2022-08-01',
      eliminatedAt: '2023-04-01',
      riskEliminated: 'yes',
      riskTypes: ['因病', '因残'],
      devMeasure: true,
      devAssistanceFlag: 'yes',
      income: 12000,
    });
    expect([...head.household.measures].sort()).toEqual(['健康帮扶', '金融帮扶'].sort());
    expect(child).toMatchObject({ dibao: 'none', tekun: null, stage: 'JUNIOR', status: '死亡', living: false, labour: null });
    expect(child.household).toMatchObject({ measures: ['光伏扶贫'], devMeasure: false, devAssistanceFlag: 'no' });
    expect(other).toMatchObject({ id: { key: '', status: 'blank' }, dibao: 'none', status: '正常', seq: 2 });
    expect(other.household).toMatchObject({ measures: [], devMeasure: false, policyStatus: '脱贫享受政策户' });
    expect(parsed.outOfVocabulary).toEqual({ measureList: 1 });
  });
});

describe('XLSX, 学籍 extract on the first sheet', () => {
  it('reads the first sheet by default, a numeric 15-digit ID cell and stage words', async () => {
    const file = await writeWorkbook('xueji.xlsx', [
      {
        name: '学籍',
        merge: 'A1:H1',
        rows: [
          ['在校学生学籍信息'],
          ['学生姓名', '身份证号', '学校名称', '学段', '学籍状态', '县(市、区)*', '乡镇', '村'],
          ['孙勇', 370124120105243, '玫瑰镇中心小学', '小学', '辍学', '平阴县', '玫瑰镇', '赵台村委会'],
          ['孙强', CHILD_ID, '玫瑰镇中心小学', '一年级', '', '平阴县', '玫瑰镇', '赵台'],
          ['文祥', '', '大张家镇中心幼儿园', '幼儿园', '在籍', '莘县', '大张家镇', ''],
        ],
      },
      { name: '其他', rows: [['x']] },
    ]);
    const parsed = await readSource({ kind: 'education', path: file }, { params: params() });
    expect(parsed.sheet).toBe('学籍');
    expect([parsed.read, parsed.accepted, parsed.rejected]).toEqual([3, 2, 1]);
    const [sun, qiang] = parsed.records as [EducationRecord, EducationRecord];
    expect(sun).toMatchObject({ row: 3, id: { key: makeId('370124', '19120105', '243'), status: 'legacy15' }, stage: 'PRIMARY', active: false, enrolStatus: '辍学' });
    expect(qiang).toMatchObject({ row: 4, id: { key: CHILD_ID, status: 'valid' }, stage: 'PRIMARY', active: true });
    expect(qiang.place.villageCode).toBe(sun.place.villageCode);
  });
});

describe('XLSX parts order', () => {
  it('reads sheets written before the shared strings, styles and sheet names with no temporary file', async () => {
    const file = await writeWorkbook('tekun-order.xlsx', [
      {
        name: '特困人员',
        rows: [
          ['姓名', '身份证号', '供养方式', '审批日期', '状态', '县(市、区)'],
          ['王秀英', CHILD_ID, '分散供养', new Date(Date.UTC(2023, 10, 5)), '在保', '平阴县'],
        ],
      },
    ]);
    // exceljs writes its sheets first (as Excel writes them before the shared strings and styles)
    const zipOrder = (await import('node:child_process')).execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).split('\n');
    expect(zipOrder.indexOf('xl/worksheets/sheet1.xml')).toBeLessThan(zipOrder.indexOf('xl/sharedStrings.xml'));
    expect(zipOrder.indexOf('xl/worksheets/sheet1.xml')).toBeLessThan(zipOrder.indexOf('xl/styles.xml'));
    // a temporary file would now fail: the temp folder does not exist
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = path.join(dir, 'no-such-temp-folder');
    try {
      const parsed = await readSource({ kind: 'tekun', path: file }, { params: params() });
      expect([parsed.read, parsed.accepted, parsed.sheet]).toEqual([1, 1, '特困人员']);
      expect(parsed.records[0]).toMatchObject({ name: '王秀英', mode: 'dispersed', approvedAt: '2023-11-05', status: 'active' });
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });
});

describe('XLSX zips written by other tools', () => {
  // exceljs' own zip library, to rewrite a workbook's zip as other writers lay it out
  const require = createRequire(import.meta.url);
  const JSZip = require(require.resolve('jszip', { paths: [path.dirname(require.resolve('exceljs/package.json'))] })) as {
    loadAsync(data: Buffer): Promise<JsZip>;
    new (): JsZip;
  };
  interface JsZip {
    files: Record<string, { dir: boolean; async(type: 'nodebuffer'): Promise<Buffer> }>;
    file(name: string, data: Buffer): void;
    generateAsync(options: { type: 'nodebuffer' }): Promise<Buffer>;
  }
  const rezip = async (file: string, out: string, rename: (name: string) => string | null) => {
    const source = await JSZip.loadAsync(fs.readFileSync(file));
    const target = new JSZip();
    for (const [name, entry] of Object.entries(source.files)) {
      const renamed = entry.dir ? null : rename(name);
      if (renamed !== null) target.file(renamed, await entry.async('nodebuffer'));
    }
    fs.writeFileSync(out, await target.generateAsync({ type: 'nodebuffer' }));
    return out;
  };
  const tekunSheet = () =>
    writeWorkbook('tekun-zip.xlsx', [
      { name: '特困人员', rows: [['姓名', '身份证号', '供养方式', '审批日期', '状态'], ['王秀英', CHILD_ID, '分散供养', new Date(Date.UTC(2023, 10, 5)), '在保']] },
    ]);

  /** `file` with the text of its part `name` edited, as a writer exceljs cannot imitate would have it */
  const editPart = async (file: string, out: string, name: string, edit: (xml: string) => string) => {
    const zip = await JSZip.loadAsync(fs.readFileSync(file));
    const xml = await zip.files[name]!.async('nodebuffer');
    const edited = edit(xml.toString('utf8'));
    expect(edited).not.toBe(xml.toString('utf8'));
    zip.file(name, Buffer.from(edited));
    fs.writeFileSync(out, await zip.generateAsync({ type: 'nodebuffer' }));
    return out;
  };

  it('reads the first sheet of a workbook whose relationships have absolute targets (openpyxl, pandas)', async () => {
    const written = await writeWorkbook('absolute.xlsx', [
      { name: '特困人员', rows: [['姓名', '身份证号', '供养方式', '审批日期', '状态'], ['王秀英', CHILD_ID, '分散供养', '2023-11-05', '在保']] },
      { name: '说明', rows: [['这是说明页']] },
    ]);
    // openpyxl writes Target="/xl/worksheets/sheet1.xml"
    const file = await editPart(written, path.join(dir, 'absolute-targets.xlsx'), 'xl/_rels/workbook.xml.rels', (xml) =>
      xml.replace(/Target="(?!\/)/g, 'Target="/xl/'),
    );
    const parsed = await readSource({ kind: 'tekun', path: file }, { params: params() });
    expect([parsed.sheet, parsed.read, parsed.accepted]).toEqual(['特困人员', 1, 1]);
    expect(parsed.records[0]).toMatchObject({ name: '王秀英', approvedAt: '2023-11-05', status: 'active' });
  });

  it('reads every run of an inline rich-text string', async () => {
    // exceljs' streaming writer without shared strings writes <c t="inlineStr"><is><r><t>…</t></r><r>…</r></is></c>
    const file = path.join(dir, 'inline.xlsx');
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
    const ws = writer.addWorksheet('特困人员');
    ws.addRow(['姓名', '身份证号', '供养方式', '审批日期', '状态']).commit();
    const runs = (...texts: string[]) => ({ richText: texts.map((text, i) => (i % 2 ? { font: { bold: true }, text } : { text })) });
    ws.addRow([runs('欧阳', '娜娜'), runs(CHILD_ID.slice(0, 6), CHILD_ID.slice(6)), '分散供养', '2023-11-05', '在保']).commit();
    ws.commit();
    await writer.commit();
    expect(execFileSync('unzip', ['-p', file, 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' })).toContain('<is><r><t>欧阳</t></r>');
    const parsed = await readSource({ kind: 'tekun', path: file }, { params: params() });
    expect(parsed.records[0]).toMatchObject({ name: '欧阳娜娜', id: { key: CHILD_ID, status: 'valid' } });
  });

  it('reads a shared string with a phonetic guide as its text, not the guide', async () => {
    const written = await writeWorkbook('phonetic.xlsx', [
      { name: '特困人员', rows: [['姓名', '身份证号', '供养方式', '审批日期', '状态'], ['单于', CHILD_ID, '分散供养', '2023-11-05', '在保']] },
    ]);
    // as Chinese Excel writes a name with 拼音指南 over its first character
    const file = await editPart(written, path.join(dir, 'phonetic-guide.xlsx'), 'xl/sharedStrings.xml', (xml) =>
      xml
        .replace('<si><t>单于</t></si>', '<si><t>单于</t><rPh sb="0" eb="1"><t>chán</t></rPh><phoneticPr fontId="1" type="noConversion"/></si>')
        .replace('<si><t>姓名</t></si>', '<si><t>姓名</t><phoneticPr fontId="1" type="noConversion"/></si>'),
    );
    const parsed = await readSource({ kind: 'tekun', path: file }, { params: params() });
    expect([parsed.read, parsed.accepted]).toEqual([1, 1]);
    expect(parsed.records[0]).toMatchObject({ name: '单于', id: { key: CHILD_ID, status: 'valid' } });
  });

  it('reads a number typed into a date-formatted cell as the number, and no silly date', async () => {
    const workbook = new ExcelJS.Workbook();
    const ws = workbook.addWorksheet('特困人员');
    ws.addRow(['姓名', '身份证号', '供养方式', '审批日期', '状态']);
    // 45413 is the serial day 2024-05-01; 99999999 and 0 make no day of 1900–2100
    const typed = [20240501, 202405, 45413, 99999999, 0];
    for (const value of typed) ws.addRow(['王秀英', CHILD_ID, '分散供养', value, '在保']).getCell(4).numFmt = 'yyyy-mm-dd';
    const file = path.join(dir, 'date-format-numbers.xlsx');
    await workbook.xlsx.writeFile(file);
    const parsed = await readSource({ kind: 'tekun', path: file }, { params: params() });
    expect(parsed.accepted).toBe(typed.length);
    expect(parsed.records.map((r) => (r as { approvedAt: unknown }).approvedAt)).toEqual(['2024-05-01', '2024-05-01', '2024-05-01', null, null]);
    expect(parsed.unreadable).toEqual({ approvedAt: 2 });
  });

  it('reads a zip whose entries are named with a leading slash', async () => {
    const file = await rezip(await tekunSheet(), path.join(dir, 'slashed.xlsx'), (name) => `/${name}`);
    const parsed = await readSource({ kind: 'tekun', path: file }, { params: params() });
    expect([parsed.read, parsed.accepted]).toEqual([1, 1]);
    expect(parsed.records[0]).toMatchObject({ name: '王秀英', approvedAt: '2023-11-05', status: 'active' });
  });

  it('refuses a workbook whose shared strings part is missing, naming the file, never reading its texts as blanks', async () => {
    const file = await rezip(await tekunSheet(), path.join(dir, 'no-strings.xlsx'), (name) => (name === 'xl/sharedStrings.xml' ? null : name));
    await expect(readSource({ kind: 'tekun', path: file }, { params: params() })).rejects.toThrow(
      /no-strings\.xlsx: not a readable XLSX file \(the shared strings part xl\/sharedStrings\.xml is missing\)/,
    );
  });
});

describe('XLSX, 全国系统 per-measure columns read no-words as no', () => {
  it('a boolean FALSE cell and texts FALSE/false/no do not count as a measure; TRUE does', async () => {
    const header = ['户编号', '姓名', '证件号码', '与户主关系', '产业帮扶', '就业帮扶', '健康帮扶'];
    const ids = ['001', '002', '003'].map((seq) => makeId('371722', '19780623', seq));
    const file = await writeWorkbook('system-bool.xlsx', [
      {
        name: '监测对象',
        rows: [
          header,
          ['H1', '付强', ids[0], '户主', false, 'FALSE', 'false'],
          ['H2', '宋芳', ids[1], '户主', true, 'no', '不享受'],
          ['H3', '张三', ids[2], '户主', 'False', 'NO', '是'],
        ],
      },
    ]);
    const parsed = await readSource({ kind: 'system', path: file }, { params: params() });
    const members = parsed.records as SystemMember[];
    expect(members.map((m) => m.household.measures)).toEqual([[], ['产业帮扶'], ['健康帮扶']]);
    expect(members.map((m) => m.household.devMeasure)).toEqual([false, true, false]);
  });
});

describe('the mended stream reader keeps to itself', () => {
  it('leaves exceljs itself reading inline strings as before, when loaded after it (a process of its own)', async () => {
    const dir = scratchDir();
    const file = path.join(dir, 'inline.xlsx');
    // the stream writer without shared strings writes rich text inline (<is><r><t>…</t></r>…</is>)
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
    const sheet = writer.addWorksheet('S');
    sheet.getRow(1).getCell(1).value = { richText: [{ text: '欧阳' }, { text: '娜娜', font: { bold: true } }] };
    sheet.getRow(1).commit();
    await writer.commit();
    const script = path.join(dir, 'after.mts');
    const reader = new URL('../../../src/ingest/readers/exceljs-stream.ts', import.meta.url).href;
    fs.writeFileSync(
      script,
      [
        `import { openWorkbookStream } from ${JSON.stringify(reader)};`,
        `await openWorkbookStream(${JSON.stringify(file)});`,
        `const { default: ExcelJS } = await import(${JSON.stringify(pathToFileURL(createRequire(import.meta.url).resolve('exceljs')).href)});`,
        `const workbook = new ExcelJS.Workbook();`,
        `await workbook.xlsx.readFile(${JSON.stringify(file)});`,
        `process.stdout.write(workbook.worksheets[0].getCell('A1').text);`,
      ].join('\n'),
    );
    const out = execFileSync(process.execPath, ['--import', 'tsx', script], { cwd: path.resolve(import.meta.dirname, '../../..'), encoding: 'utf8' });
    expect(out).toBe('欧阳娜娜');
  });
});
