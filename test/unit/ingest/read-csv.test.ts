import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeGb18030 } from '../../../scripts/generator/gb18030.js';
import { readSource } from '../../../src/ingest/read-source.js';
import type { DibaoRecord, MedicalRecord, TekunRecord } from '../../../src/model/records.js';
import { makeId } from './gb11643.js';
import { bigRoster, DIBAO_HEADER, FIXTURES, params, scratchDir } from './helpers.js';

describe('CSV, GB18030 (a Chinese Excel "CSV")', () => {
  it('detects the encoding and reads every messy row as the contract says', async () => {
    const parsed = await readSource({ kind: 'medical', path: path.join(FIXTURES, 'medical-gbk.csv') }, { params: params() });
    expect(parsed.encoding).toBe('gb18030');
    expect(parsed.headerRow).toBe(2); // one title row above
    // blank row, repeated header and 合计 are not read
    expect([parsed.read, parsed.accepted, parsed.rejected]).toEqual([6, 5, 1]);
    expect(parsed.rejects).toEqual([
      expect.objectContaining({ row: 7, reason: 'ID_MISSING', file: 'medical-gbk.csv', raw: expect.stringContaining('王五') }),
    ]);
    const records = parsed.records as MedicalRecord[];
    expect(records.map((r) => r.row)).toEqual([3, 4, 6, 8, 10]);

    const [hu, liu, zhang, zhao, qian] = records as [MedicalRecord, MedicalRecord, MedicalRecord, MedicalRecord, MedicalRecord];
    expect(hu).toMatchObject({ name: '胡建忠', scheme: 'resident', active: true, year: 2023, outOfPocket: 7100.5 });
    expect(hu.place).toEqual({
      countyCode: '371522', county: '莘县', townCode: '371522102', town: '朝城镇', villageCode: '371522102311', village: '朝安村村民委员会',
    });
    // a leading ' on the ID, 参保地 as a county code, a shortened village name
    expect(liu).toMatchObject({ id: { key: '371522197102124541', status: 'valid' }, year: 2023, outOfPocket: 624 });
    expect(liu.place.villageCode).toBe('371522102311');
    // a quoted name holding a line break keeps the record number as its row
    expect(zhang).toMatchObject({ name: '张世英', scheme: 'employee', active: false, deceased: true, subsidyType: '低保,一类', outOfPocket: null });
    expect(zhang.place).toMatchObject({ county: '曹县', town: '韩集镇', village: null });
    // an Excel-destroyed ID with too few digits left, an unknown status, an ambiguous county name
    expect(zhao).toMatchObject({ id: { key: '3.71427201002E+17', status: 'lost' }, active: false, enrolStatus: '冻结' });
    expect(zhao.id.prefix15).toBeUndefined();
    expect(zhao.place.countyCode).toBeNull(); // 市中区 is in three Shandong cities
    expect(qian).toMatchObject({ id: { key: '370124198001011235', status: 'legacy15' }, scheme: 'resident', active: true, year: 2022 });
    expect(parsed.unreadable).toEqual({ outOfPocket: 1 });
    expect(parsed.outOfVocabulary).toEqual({ enrolStatus: 1 });
    expect(parsed.unresolvedPlaces).toBe(1);
  });
});

describe('CSV, UTF-8 with BOM (低保 roster)', () => {
  it('reads bracketed headers, statuses, dates and keeps 户主身份证号 apart from 身份证号', async () => {
    const parsed = await readSource({ kind: 'dibao', path: path.join(FIXTURES, 'dibao-bom.csv') }, { params: params() });
    expect(parsed.encoding).toBe('utf-8');
    expect(parsed.headerRow).toBe(1);
    expect([parsed.read, parsed.accepted, parsed.rejected]).toEqual([6, 5, 1]);
    expect(parsed.rejects.map((r) => [r.row, r.reason])).toEqual([[5, 'ID_MISSING']]);
    const rows = parsed.records as DibaoRecord[];
    expect(rows.map((r) => [r.row, r.status, r.statusRaw])).toEqual([
      [2, 'active', '正常'],
      [3, 'active', null], // blank status: a current roster lists current recipients
      [4, 'ended', '注销'],
      [6, 'applying', '申请中'],
      [7, 'unknown', '暂缓'],
    ]);
    expect(rows[1]).toMatchObject({ name: '刘方', id: { key: '371522197102124541' }, headId: { key: '371522197407091859' }, approvedAt: null });
    expect(rows[1]!.place.villageCode).toBe('371522102311');
    expect(rows[2]).toMatchObject({ category: 'urban', approvedAt: '2017-02-23', endedAt: '2018-08-25', deceased: false });
    expect(rows[2]!.place).toMatchObject({ county: '曹县', town: '韩集镇', villageCode: null });
    expect(rows[3]).toMatchObject({ appliedAt: '2023-05-01', approvedAt: null, category: 'rural' });
    expect(rows[4]).toMatchObject({ approvedAt: '2019-08-19' });
    expect(parsed.unreadable).toEqual({ approvedAt: 1 });
    expect(parsed.outOfVocabulary).toEqual({ status: 1 });
    expect(parsed.unresolvedPlaces).toBe(1);
  });

  it('rejects a row an unquoted comma shifted (more values than columns) as MALFORMED_ROW', async () => {
    const dir = scratchDir();
    try {
      const file = path.join(dir, 'tekun.csv');
      fs.writeFileSync(
        file,
        '县(市、区),乡镇(街道),姓名,身份证号,供养方式,状态\n' +
          '莘县,朝城镇,胡建忠,371522197407091859,分散供养,在保\n' +
          '莘县,朝城镇,刘方,371522197102124541,分散供养,在保,备注,多余\n' +
          '莘县,朝城镇,张三,371522197102124541,集中供养,,,\n',
      );
      const parsed = await readSource({ kind: 'tekun', path: file }, { params: params() });
      expect([parsed.read, parsed.accepted, parsed.rejected]).toEqual([3, 2, 1]);
      expect(parsed.rejects.map((r) => [r.row, r.reason])).toEqual([[3, 'MALFORMED_ROW']]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('decodes the same bytes the same way in any chunking (a 3-byte character across chunk boundaries)', async () => {
    const dir = scratchDir();
    try {
      const file = bigRoster(dir, 30_000);
      const parsed = await readSource({ kind: 'dibao', path: file }, { params: params() });
      expect(parsed.accepted).toBe(30_000);
      expect(parsed.outOfVocabulary).toEqual({});
      expect(parsed.unresolvedPlaces).toBe(0);
      expect((parsed.records as DibaoRecord[]).every((r) => r.name === '胡建忠')).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lets the event loop turn while a big file is read (a queue worker renews its job lock on a timer)', async () => {
    const dir = scratchDir();
    try {
      const file = bigRoster(dir, 40_000);
      expect(fs.statSync(file).size).toBeGreaterThan(4 << 20);
      let ticks = 0;
      const ticksSeen: number[] = [];
      const timer = setInterval(() => ticks++, 1);
      try {
        // progress comes from inside the reading loop: ticks counted between its first and last calls ran mid-file
        await readSource({ kind: 'dibao', path: file }, { params: params(), onProgress: () => ticksSeen.push(ticks) });
      } finally {
        clearInterval(timer);
      }
      expect(ticksSeen.length).toBeGreaterThan(10);
      expect(ticksSeen.at(-1)! - ticksSeen[0]!).toBeGreaterThan(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads a GB18030 file across its reads: 2-byte characters and quoted line breaks cut between two reads', async () => {
    const dir = scratchDir();
    try {
      const header = `${DIBAO_HEADER}\r\n`;
      // lines of different lengths, so the 64 KiB reads cut every part of a line somewhere
      const names = ['胡建忠', '欧阳\r\n娜娜', '李四', '"张\r\n三"'];
      const lines: string[] = [];
      for (let i = 0; i < 12_000; i++) {
        const name = names[i % names.length]!;
        const cell = name.includes('\n') && !name.startsWith('"') ? `"${name}"` : name;
        lines.push(`莘县,朝城镇,朝安村村民委员会,胡建忠,371522197407091859,${cell},${makeId('371522', '19800101', String(i % 1000).padStart(3, '0'))},正常\r\n`);
      }
      const file = path.join(dir, 'gbk.csv');
      fs.writeFileSync(file, encodeGb18030(header + lines.join('')));
      expect(fs.statSync(file).size).toBeGreaterThan(8 * 65_536);
      const parsed = await readSource({ kind: 'dibao', path: file }, { params: params() });
      expect(parsed.encoding).toBe('gb18030');
      expect([parsed.read, parsed.accepted, parsed.rejected]).toEqual([12_000, 12_000, 0]);
      const records = parsed.records as DibaoRecord[];
      // one record per line of the list, rows counted by record (a quoted line break does not shift them)
      expect(records.map((r) => r.row)).toEqual(Array.from({ length: 12_000 }, (_, i) => i + 2));
      const expected = ['胡建忠', '欧阳\r\n娜娜', '李四', '张\r\n三'];
      expect(records.filter((r, i) => r.name !== expected[i % 4]!.replace(/\s+/g, ''))).toEqual([]);
      expect(records.filter((r, i) => r.id.key !== makeId('371522', '19800101', String(i % 1000).padStart(3, '0')))).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('CSV, a stray quote never swallows the rows after it', () => {
  const header = '姓名,身份证号,审批日期,状态';
  const id = (seq: number) => makeId('371722', '19780623', String(seq).padStart(3, '0'));
  const line = (name: string, seq: number) => `${name},${id(seq)},2019-04-04,在保`;

  async function parse(name: string, text: string) {
    const dir = scratchDir();
    try {
      const file = path.join(dir, name);
      fs.writeFileSync(file, text);
      return await readSource({ kind: 'tekun', path: file }, { params: params() });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  it('re-reads an unclosed opening quote as a character, and a quote closed mid-cell as Excel reads it', async () => {
    const parsed = await parse(
      'quotes.csv',
      [header, line('张三', 1), line('"李四', 2), line('王五', 3), line('"李"四', 4), `赵六,"${id(5)}"x,2019-04-04,在保`, line('钱七', 6), `孙八,"${id(7)}",2019-04-04,在保`, ''].join('\n'),
    );
    // (papaparse alone closes the first stray quote at 孙八's ID: one record of six lines)
    expect([parsed.read, parsed.accepted, parsed.rejected]).toEqual([7, 7, 0]);
    const records = parsed.records as TekunRecord[];
    expect(records.map((r) => [r.row, r.name])).toEqual([
      [2, '张三'], [3, '"李四'], [4, '王五'], [5, '李四'], [6, '赵六'], [7, '钱七'], [8, '孙八'],
    ]);
    expect(records[2]!.id.key).toBe(id(3));
    expect(records[6]!.id.key).toBe(id(7));
  });

  it('keeps a quoted line break in another cell of a record with a stray quote: one record, rows after it numbered right', async () => {
    const parsed = await parse('break.csv', [header, `"李"四,${id(2)},2019-04-04,"在\n保"`, line('王五', 3), ''].join('\n'));
    expect([parsed.read, parsed.accepted, parsed.rejected]).toEqual([2, 2, 0]);
    const records = parsed.records as TekunRecord[];
    expect(records.map((r) => [r.row, r.name, r.id.key])).toEqual([[2, '李四', id(2)], [3, '王五', id(3)]]);
    expect(records[0]!.statusRaw).toBe('在\n保');
  });

  it('rejects as UNMATCHED_QUOTE a line that read literally does not fit the columns, and reads the lines after it', async () => {
    const parsed = await parse('open.csv', [header, `"李四,三,${id(2)},2019-04-04,在保`, line('王五', 3), line('赵六', 4)].join('\r\n'));
    expect([parsed.read, parsed.accepted, parsed.rejected]).toEqual([3, 2, 1]);
    expect(parsed.rejects).toEqual([expect.objectContaining({ row: 2, reason: 'UNMATCHED_QUOTE', file: 'open.csv' })]);
    expect((parsed.records as TekunRecord[]).map((r) => r.row)).toEqual([3, 4]);
  });

  it('recovers in a file of many chunks with no quote after the stray one, keeping quoted line breaks before it', async () => {
    const rows = [header];
    // a quoted CRLF every 1,000 rows, then the stray quote and only unquoted rows: papaparse alone would carry the rest of the file as one cell
    for (let i = 1; i <= 60_000; i++) {
      if (i <= 5_000 && i % 1_000 === 0) rows.push(`"张\r\n三",${id(i % 999)},2019-04-04,在保`);
      else rows.push(line(i === 5_001 ? '"李四' : '王五', i % 999));
    }
    const parsed = await parse('big.csv', rows.join('\r\n') + '\r\n');
    expect([parsed.read, parsed.accepted, parsed.rejected]).toEqual([60_000, 60_000, 0]);
    const records = parsed.records as TekunRecord[];
    expect(records[999]).toMatchObject({ row: 1_001, name: '张三' });
    expect(records[5_000]).toMatchObject({ row: 5_002, name: '"李四' });
    expect(records.at(-1)!.row).toBe(60_001);
  });
});

describe('CSV, totals rows', () => {
  it('skips 合计, 本页合计, 合 计, 合计：…, 合计（人数） rows, never a village named 小计河村', async () => {
    const dir = scratchDir();
    try {
      const head = makeId('371722', '19780623', '383');
      const member = makeId('371722', '19540801', '484');
      const file = path.join(dir, 'dibao.csv');
      fs.writeFileSync(
        file,
        [
          '县(市、区),乡镇,村,户主姓名,户主身份证号,成员姓名,成员身份证号,保障状态',
          `单县,郭村镇,小计河村,付强,${head},付强,${head},正常`,
          `,,小计河村,付强,${head},宋芳,${member},正常`, // merged county/town cells come out blank
          '本页合计,,,,,,,',
          ',,,,,,,',
          '合 计,,,,,,,',
          '合计：2人,,,,,,,',
          '合计（人数）,2,,,,,,',
          '总计,2,,,,,,',
        ].join('\n'),
      );
      const parsed = await readSource({ kind: 'dibao', path: file }, { params: params() });
      expect([parsed.read, parsed.accepted, parsed.rejected]).toEqual([2, 2, 0]);
      expect((parsed.records as DibaoRecord[]).map((r) => [r.row, r.name])).toEqual([[2, '付强'], [3, '宋芳']]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('CSV, a file full of stray quotes', () => {
  it('reads every line without re-parsing the rest of the file per quote', { timeout: 30_000 }, async () => {
    const dir = scratchDir();
    try {
      const id = makeId('371722', '19780623', '383');
      const rows = ['姓名,身份证号,审批日期,状态'];
      for (let i = 0; i < 40_000; i++) rows.push(`${i % 2 === 0 ? '"李"四' : '"李四'},${id},2019-04-04,在保`);
      const file = path.join(dir, 'quotes.csv');
      fs.writeFileSync(file, rows.join('\n'));
      const started = performance.now();
      const parsed = await readSource({ kind: 'tekun', path: file }, { params: params() });
      expect([parsed.read, parsed.accepted]).toEqual([40_000, 40_000]);
      expect((parsed.records as TekunRecord[]).at(-1)).toMatchObject({ row: 40_001, name: '"李四' });
      expect(performance.now() - started).toBeLessThan(20_000); // minutes when each quote re-parsed the chunk
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
