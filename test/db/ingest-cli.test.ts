/** `recon ingest`: the report a clerk reads, with and without storing. */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../src/cli/index.js';
import { openDb } from '../../src/db/migrate.js';
import { InputError } from '../../src/errors.js';
import { DIALECTS, freshDb, tempDir } from '../helpers/db.js';
import { FIXTURES } from '../unit/ingest/helpers.js';

/** The command's standard output; `written` has it too when the command fails. */
async function run(args: string[], written = { out: '' }): Promise<string> {
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.out += String(chunk);
    return true;
  });
  try {
    await buildProgram().parseAsync(['node', 'recon', ...args]);
  } finally {
    spy.mockRestore();
  }
  return written.out;
}

/** `body` in a folder of its own, removed afterwards. */
async function inTempDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = tempDir();
  try {
    await body(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('recon ingest', () => {
  afterEach(() => vi.restoreAllMocks());

  it('reports read/accepted/rejected, reasons by row, unreadable and unknown values', async () => {
    const file = path.join(FIXTURES, 'medical-gbk.csv');
    const out = await run(['ingest', file, '--kind', 'medical', '--as-of', '2023-06-10']);
    expect(out).toContain('medical, gb18030, header row 2');
    expect(out).toContain('read 6, accepted 5, rejected 1');
    expect(out).toContain('ID_MISSING: 1 (rows 7)');
    expect(out).toContain('unreadable: outOfPocket 1');
    expect(out).toContain('outside the vocabulary: enrolStatus 1');
    expect(out).not.toMatch(/\d{15,}/);
    expect(out).not.toContain('王五');
  });

  it('stores with --db (in a folder it makes), and says so the second time', async () => {
    await inTempDir(async (dir) => {
      const db = path.join(dir, 'nights', 'heze', 'cli.sqlite');
      const file = path.join(FIXTURES, 'dibao-bom.csv');
      expect(await run(['ingest', file, '--kind', 'dibao', '--db', db])).toMatch(/\nstored as extract [0-9a-f]{16}\n$/);
      expect(await run(['ingest', file, '--kind', 'dibao', '--db', db])).toMatch(/\nalready stored as extract [0-9a-f]{16}\n$/);
    });
  });

  it('stores several files of one kind, each reported and in its own transaction; a file that fails stops the rest', async () => {
    await inTempDir(async (dir) => {
      const db = path.join(dir, 'several.sqlite');
      const first = path.join(FIXTURES, 'dibao-bom.csv');
      const copy = path.join(dir, 'dibao-copy.csv');
      // another file (sha256) with the same rows: a county's second delivery
      fs.writeFileSync(copy, `${fs.readFileSync(first, 'utf8')}\n`);
      const missing = path.join(dir, 'not-there.csv');
      const failed = { out: '' };
      await expect(run(['ingest', first, missing, copy, '--kind', 'dibao', '--db', db], failed)).rejects.toBeInstanceOf(InputError);
      // the file stored before the failure is reported all the same
      expect(failed.out).toMatch(/^[^]*dibao-bom\.csv: dibao,[^]*\nstored as extract [0-9a-f]{16}\n$/);
      expect(failed.out).not.toContain('dibao-copy');
      const out = await run(['ingest', first, copy, '--kind', 'dibao', '--db', db]);
      const reports = out.trim().split('\n\n');
      expect(reports).toHaveLength(2);
      // the file before the failure stayed stored; the one after it was never begun
      expect(reports[0]).toMatch(/dibao-bom\.csv: dibao,[^]*\nalready stored as extract [0-9a-f]{16}$/);
      expect(reports[1]).toMatch(/dibao-copy\.csv: dibao,[^]*\nstored as extract [0-9a-f]{16}$/);
    });
  });

  it('stops at a file the store could not write, names it, and keeps the files stored before it', async () => {
    await inTempDir(async (dir) => {
      const dbFile = path.join(dir, 'store-fails.sqlite');
      const setUp = await openDb(dbFile);
      // the store thread's insert fails for the 医保 file's records, as a full disk would
      setUp.sqlite!.exec("CREATE TRIGGER full_disk BEFORE INSERT ON record WHEN NEW.kind = 'medical' BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END");
      await setUp.close();
      const pipeline = path.join(dir, 'pipeline.json');
      const sources = [
        { kind: 'dibao', path: path.join(FIXTURES, 'dibao-bom.csv') },
        { kind: 'medical', path: path.join(FIXTURES, 'medical-gbk.csv') },
        { kind: 'dibao', path: path.join(FIXTURES, 'dibao-bom.csv') },
      ];
      fs.writeFileSync(pipeline, JSON.stringify({ asOf: '2023-06-10', sources }));
      const failed = { out: '' };
      await expect(run(['ingest', '--pipeline', pipeline, '--db', dbFile], failed)).rejects.toThrow(/medical-gbk\.csv: not stored \(database or disk is full\)$/);
      // the file before it was stored and said so
      expect(failed.out).toMatch(/dibao-bom\.csv: dibao,[^]*\nstored as extract [0-9a-f]{16}\n/);
      const check = await openDb(dbFile);
      try {
        const stored = await check.kysely.selectFrom('extract').select('kind').execute();
        expect(stored.map((e) => e.kind)).toEqual(['dibao']);
        const records = await check.kysely.selectFrom('record').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
        expect(Number(records.n)).toBe(5);
      } finally {
        await check.close();
      }
    });
  });

  for (const { dialect, available } of DIALECTS) {
    it.skipIf(!available)(`stores every source of a pipeline with its kind, encoding and sheet, as a run reads them (${dialect})`, async () => {
      const testDb = await freshDb(dialect);
      try {
        const out = await run(['ingest', '--pipeline', 'pipelines/demo.json', '--db', testDb.url]);
        const reports = out.trim().split('\n\n');
        expect(reports.map((report) => report.split(':')[0])).toEqual([
          '../sample-data/system-2023.xlsx',
          '../sample-data/system-old.xlsx',
          '../sample-data/yibao.csv',
          '../sample-data/xueji.xlsx',
          '../sample-data/dibao.csv',
          '../sample-data/tekun.csv',
          '../sample-data/yanpan.xlsx',
        ]);
        expect(reports[2]).toContain('medical, gb18030');
        const stored = await testDb.db.kysely
          .selectFrom('extract')
          .leftJoin('record', 'record.extract_id', 'extract.id')
          .select(['extract.kind', 'extract.rows_accepted', (eb) => eb.fn.count<number>('record.row').as('records')])
          .groupBy(['extract.id', 'extract.kind', 'extract.rows_accepted'])
          .execute();
        expect(stored.map((e) => e.kind).sort()).toEqual(['assessment', 'dibao', 'education', 'medical', 'system', 'system', 'tekun']);
        for (const extract of stored) expect(Number(extract.records)).toBe(extract.rows_accepted);
        expect(stored.every((e) => e.rows_accepted > 0)).toBe(true);
        const again = await run(['ingest', '--pipeline', 'pipelines/demo.json', '--db', testDb.url]);
        expect(again.match(/\nalready stored as extract/g)).toHaveLength(7);
      } finally {
        await testDb.cleanup();
      }
    });
  }

  it('refuses --pipeline with files or per-file options, and files without --kind', async () => {
    await expect(run(['ingest', '--pipeline', 'pipelines/demo.json', '--kind', 'dibao'])).rejects.toThrow(/--pipeline gives the files.*--kind/);
    await expect(run(['ingest', path.join(FIXTURES, 'dibao-bom.csv')])).rejects.toThrow(/--kind is needed/);
  });

  it('rejects an unknown kind as bad input', async () => {
    await expect(run(['ingest', path.join(FIXTURES, 'dibao-bom.csv'), '--kind', 'welfare'])).rejects.toBeInstanceOf(InputError);
  });
});
