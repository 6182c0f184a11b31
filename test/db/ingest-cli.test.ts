/** `recon ingest`: the report a clerk reads, with and without storing. */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../src/cli/index.js';
import { InputError } from '../../src/errors.js';
import { tempDir } from '../helpers/db.js';
import { FIXTURES } from '../unit/ingest/helpers.js';

async function run(args: string[]): Promise<string> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    await buildProgram().parseAsync(['node', 'recon', ...args]);
  } finally {
    spy.mockRestore();
  }
  return out;
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
    const dir = tempDir();
    try {
      const db = path.join(dir, 'nights', 'heze', 'cli.sqlite');
      const file = path.join(FIXTURES, 'dibao-bom.csv');
      expect(await run(['ingest', file, '--kind', 'dibao', '--db', db])).toMatch(/\nstored as extract [0-9a-f]{16}\n$/);
      expect(await run(['ingest', file, '--kind', 'dibao', '--db', db])).toMatch(/\nalready stored as extract [0-9a-f]{16}\n$/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects an unknown kind as bad input', async () => {
    await expect(run(['ingest', path.join(FIXTURES, 'dibao-bom.csv'), '--kind', 'welfare'])).rejects.toBeInstanceOf(InputError);
  });
});
