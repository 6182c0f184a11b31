import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkDigit } from '../../../src/ingest/normalise/id-number.js';

export const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/ingest');

export { params } from '../../helpers/params.js';

export function scratchDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'recon-ingest-'));
}

export function writeFile(dir: string, name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

/**
 * A 医保 CSV of `rows` good rows (UTF-8, valid IDs by the standard), then a
 * byte no UTF-8 text holds: read as UTF-8 it fails after the rows before,
 * once the reader reaches the end.
 */
export function medicalCsvBrokenAtEnd(dir: string, rows: number): string {
  const lines = Array.from({ length: rows }, (_, i) => {
    const body = `371522197001${String(i % 1_000_000).padStart(5, '0')}`;
    return `刘方${i},${body}${checkDigit(body)},城乡居民基本医疗保险,正常,2023,,100,正常,莘县,朝城镇,朝安村`;
  });
  const header = '姓名,公民身份号码,险种,参保状态,参保年度,医疗救助类别,个人自付费用,人员状态,参保地,乡镇,村';
  return writeFile(dir, 'broken.csv', Buffer.concat([Buffer.from(`${header}\n${lines.join('\n')}\n`), Buffer.from([0xff, 0xfe, 0x0a])]));
}

/** A 低保 roster's header (UTF-8 CSV). */
export const DIBAO_HEADER = '县(市、区),乡镇(街道),村(社区),户主姓名,户主身份证号,姓名,身份证号,保障状态';

/** A UTF-8 低保 roster of `rows` copies of one member's row, full of 3-byte characters: many 64 KiB reads. */
export function bigRoster(dir: string, rows: number): string {
  const line = '莘县,朝城镇,朝安村村民委员会,胡建忠,371522197407091859,胡建忠,371522197407091859,正常\n';
  return writeFile(dir, 'big.csv', `${DIBAO_HEADER}\n${line.repeat(rows)}`);
}
