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
 * once the reader reaches its last megabyte.
 */
export function medicalCsvBrokenAtEnd(dir: string, rows: number): string {
  const lines = Array.from({ length: rows }, (_, i) => {
    const body = `371522197001${String(i % 1_000_000).padStart(5, '0')}`;
    return `刘方${i},${body}${checkDigit(body)},城乡居民基本医疗保险,正常,2023,,100,正常,莘县,朝城镇,朝安村`;
  });
  const header = '姓名,公民身份号码,险种,参保状态,参保年度,医疗救助类别,个人自付费用,人员状态,参保地,乡镇,村';
  return writeFile(dir, 'broken.csv', Buffer.concat([Buffer.from(`${header}\n${lines.join('\n')}\n`), Buffer.from([0xff, 0xfe, 0x0a])]));
}
