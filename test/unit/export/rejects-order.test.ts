import { describe, expect, it } from 'vitest';
import { rejectsCsvRows } from '../../../src/export/outputs.js';

describe('rejects.csv rows', () => {
  it('are sorted by file (code-unit order), then row, whatever order the pipeline read them in', () => {
    const rejects = [
      { extractId: 'e2', file: 'x', row: 12, reason: 'ID_MISSING', raw: '' },
      { extractId: 'e1', file: 'x', row: 30, reason: 'DATE_MISSING', raw: '' },
      { extractId: 'e2', file: 'x', row: 3, reason: 'ID_MISSING', raw: '' },
      { extractId: 'e3', file: 'Zeta.csv', row: 1, reason: 'MALFORMED_ROW', raw: '' },
      { extractId: 'e1', file: 'x', row: 4, reason: 'ID_MISSING', raw: '' },
    ];
    const fileOf = new Map([['e1', 'system.xlsx'], ['e2', 'dibao.csv'], ['e3', 'Zeta.csv']]);
    expect(rejectsCsvRows(rejects, fileOf).map(([file, row]) => `${file}:${row}`)).toEqual([
      'Zeta.csv:1', 'dibao.csv:3', 'dibao.csv:12', 'system.xlsx:4', 'system.xlsx:30',
    ]);
  });
});
