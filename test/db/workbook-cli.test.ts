/** `recon export` and `recon import-workbook` as a person types them (SQLite file). */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/index.js';
import { FINDING_COL } from '../../src/export/workbook/layout.js';
import { getFinding } from '../../src/ledger/queries.js';
import { freshDb, tempDir, type TestDb } from '../helpers/db.js';
import { finding, night, ticket } from './workbook-seed.js';

const A = '370124199001011234';

describe('recon export / import-workbook', () => {
  let test: TestDb;
  let dir: string;
  let stdout: string[];
  beforeEach(async () => {
    test = await freshDb('sqlite');
    dir = tempDir('recon-workbook-cli-');
    await night(test.db, '2023-06-10', [finding('MED_UNINSURED', A)], [ticket('370124197707077777', '2023-03-01')]);
    stdout = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => { stdout.push(String(chunk)); return true; });
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await test.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('every command opens DATABASE_URL when no --db is given (recon.sqlite only when it is unset)', async () => {
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = test.url;
    try {
      // src/cli/ledger.ts once defaulted to recon.sqlite here
      expect(await main(['node', 'recon', 'finding', 'set-status', `MED_UNINSURED|${A}|`, 'in_progress', '--by', '王五', '--date', '2023-06-12'])).toBe(0);
      expect((await getFinding(test.db, `MED_UNINSURED|${A}|`))?.status).toBe('in_progress');
      const file = path.join(dir, 'default-db.xlsx');
      expect(await main(['node', 'recon', 'export', '--county', '平阴县', '--out', file])).toBe(0);
      expect(fs.existsSync(file)).toBe(true);
      expect(await main(['node', 'recon', 'runs', 'list'])).toBe(0);
      expect(fs.existsSync(path.join(process.cwd(), 'recon.sqlite'))).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
  });

  it('exports a county by name, and imports the workbook once filled', async () => {
    const file = path.join(dir, 'pingyin.xlsx');
    expect(await main(['node', 'recon', 'export', '--county', '平阴县', '--out', file, '--db', test.url])).toBe(0);
    expect(stdout.join('')).toMatch(/pingyin\.xlsx: 1 findings, 1 tickets/);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const row = workbook.getWorksheet('未参加基本医疗保险')!.getRow(3);
    row.getCell(FINDING_COL.answer).value = '已整改';
    row.getCell(FINDING_COL.by).value = '王五';
    await workbook.xlsx.writeFile(file);

    stdout = [];
    expect(await main(['node', 'recon', 'import-workbook', file, '--db', test.url, '--today', '2023-06-20'])).toBe(0);
    expect(stdout.join('')).toMatch(/1 filled rows; findings resolved 1, dismissed 0, in progress 0; tickets assessed 0; unchanged 0; reported 0/);
    const db = test.db;
    expect(await getFinding(db, `MED_UNINSURED|${A}|`)).toMatchObject({ status: 'resolved', updated_by: '王五', updated_at: '2023-06-20' });
  });

  it('refuses a county it does not know, with exit code 2', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await main(['node', 'recon', 'export', '--county', '不存在县', '--db', test.url])).toBe(2);
    expect(String(stderr.mock.calls[0]?.[0])).toMatch(/--county 不存在县/);
  });
});
