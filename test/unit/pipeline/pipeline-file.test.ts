/** The pipeline file: defaults, relative paths, and every bad input as a one-line InputError naming it. */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { loadPipeline } from '../../../src/pipeline/pipeline-file.js';
import { tempDir } from '../../helpers/db.js';

let dir: string;
beforeEach(() => {
  dir = tempDir('recon-pipeline-');
  fs.mkdirSync(path.join(dir, 'extracts'));
  fs.writeFileSync(path.join(dir, 'extracts', 'system.csv'), '户编号,姓名\n');
  fs.writeFileSync(path.join(dir, 'extracts', 'dibao.csv'), '姓名\n');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(content: unknown, name = 'pipeline.json'): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const sources = [
  { kind: 'system', path: 'extracts/system.csv' },
  { kind: 'dibao', path: 'extracts/dibao.csv', encoding: 'gb18030' },
];

function errorOf(file: string): InputError {
  try {
    loadPipeline(file);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).not.toContain('\n');
    return err as InputError;
  }
  throw new Error('expected an InputError');
}

describe('loadPipeline', () => {
  it('resolves paths against the pipeline file and fills the defaults of rules.md', () => {
    const pipeline = loadPipeline(write({ name: '济南市-nightly', asOf: '2023-06-10', sources, params: { monitoringLine: 7100 } }));
    expect(pipeline.name).toBe('济南市-nightly');
    expect(pipeline.sources).toEqual([
      { kind: 'system', path: path.join(dir, 'extracts/system.csv'), displayName: 'extracts/system.csv' },
      { kind: 'dibao', path: path.join(dir, 'extracts/dibao.csv'), displayName: 'extracts/dibao.csv', encoding: 'gb18030' },
    ]);
    expect(pipeline.params).toEqual({
      asOf: '2023-06-10',
      region: '37',
      monitoringLine: 7100,
      newSince: '2022-06-10',
      medicalExpenseThreshold: 10000,
      educationStages: ['PRESCHOOL', 'PRIMARY', 'JUNIOR', 'SENIOR', 'SECONDARY_VOC'],
      ticketDueDays: 15,
    });
  });

  it('takes asOf and region from params too, and asOf defaults to today', () => {
    const inParams = loadPipeline(write({ sources, params: { asOf: '2024-03-01', region: '3701', educationStages: ['PRIMARY', 'JUNIOR'], ticketDueDays: 10 } }));
    expect(inParams.params).toMatchObject({ asOf: '2024-03-01', region: '3701', newSince: '2023-03-02', educationStages: ['PRIMARY', 'JUNIOR'], ticketDueDays: 10, monitoringLine: null });
    expect(inParams.name).toBe('pipeline');
    const today = loadPipeline(write({ sources })).params.asOf;
    expect(today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Math.abs(Date.parse(today) - Date.now())).toBeLessThan(2 * 86400_000);
  });

  it.each([
    ['an unknown top-level key', { sources, schedule: 'nightly' }, /unknown key "schedule"/],
    ['an unknown key in a source', { sources: [{ kind: 'system', path: 'extracts/system.csv', sheeet: '1' }] }, /unknown key "sources\[0\]\.sheeet"/],
    ['an unknown parameter', { sources, params: { monitoringLines: 7100 } }, /parameter monitoringLines is unknown/],
    ['an unknown source kind', { sources: [{ kind: 'pension', path: 'extracts/system.csv' }] }, /sources\[0\]\.kind "pension" is not one of/],
    ['a missing file', { sources: [{ kind: 'system', path: 'extracts/none.xlsx' }] }, /file extracts\/none\.xlsx not found/],
    ['no sources', { name: 'x' }, /missing "sources"/],
    ['a date that is no date', { sources, asOf: '2023-02-30' }, /parameter asOf "2023-02-30" is not a date/],
    ['a newSince that is no date', { sources, params: { newSince: '去年' } }, /parameter newSince "去年" is not a date/],
    ['a negative monitoringLine', { sources, params: { monitoringLine: -1 } }, /parameter monitoringLine "-1" is not a non-negative number/],
    ['a text monitoringLine', { sources, params: { monitoringLine: '7100元' } }, /parameter monitoringLine "7100元"/],
    ['a bad education stage', { sources, params: { educationStages: ['PRIMARY', 'KINDERGARTEN'] } }, /educationStages has "KINDERGARTEN"/],
    ['empty education stages', { sources, params: { educationStages: [] } }, /educationStages is not a non-empty list/],
    ['a bad region', { sources, region: '济南' }, /parameter region "济南" is not a province, city or county code/],
    ['asOf twice', { sources, asOf: '2023-06-10', params: { asOf: '2023-06-11' } }, /"asOf" given both/],
    ['a fractional ticketDueDays', { sources, params: { ticketDueDays: 1.5 } }, /ticketDueDays "1.5" is not a whole number/],
  ])('rejects %s', (_what, content, message) => {
    const err = errorOf(write(content));
    expect(err.message).toMatch(/^pipeline pipeline\.json: /);
    expect(err.message).toMatch(message);
  });

  it('rejects a file that is not JSON, or is missing', () => {
    expect(errorOf(write('{ "sources": [ }')).message).toMatch(/pipeline pipeline\.json: not valid JSON/);
    expect(errorOf(write('[1, 2]')).message).toMatch(/not a JSON object/);
    expect(errorOf(path.join(dir, 'absent.json')).message).toMatch(/absent\.json: cannot read the file/);
  });
});
