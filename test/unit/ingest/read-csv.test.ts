import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSource } from '../../../src/ingest/read-source.js';
import type { DibaoRecord, MedicalRecord } from '../../../src/model/records.js';
import { FIXTURES, params, scratchDir } from './helpers.js';

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
    // a file bigger than the 1 MiB read chunk, full of 3-byte characters
    const dir = scratchDir();
    try {
      const header = '县(市、区),乡镇(街道),村(社区),户主姓名,户主身份证号,姓名,身份证号,保障状态\n';
      const line = '莘县,朝城镇,朝安村村民委员会,胡建忠,371522197407091859,胡建忠,371522197407091859,正常\n';
      const file = path.join(dir, 'big.csv');
      fs.writeFileSync(file, header + line.repeat(30_000));
      const parsed = await readSource({ kind: 'dibao', path: file }, { params: params() });
      expect(parsed.accepted).toBe(30_000);
      expect(parsed.outOfVocabulary).toEqual({});
      expect(parsed.unresolvedPlaces).toBe(0);
      expect((parsed.records as DibaoRecord[]).every((r) => r.name === '胡建忠')).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
