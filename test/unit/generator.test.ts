/**
 * The sample-data generator: same seed → byte-identical files, and every
 * ID it hands out as a person's real ID is valid per GB 11643-1999 (check
 * digit computed here independently of the generator's own code).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateExtracts, type GenerateReport } from '../../scripts/generator/generate.js';
import type { Person } from '../../scripts/generator/model.js';

/** ISO 7064 MOD 11-2, written out from the standard rather than imported. */
function standardCheckDigit(id17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...id17].reduce((acc, ch, i) => acc + Number(ch) * weights[i]!, 0);
  return ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'][sum % 11]!;
}

/** What a clerk's messy ID cell holds once spaces, quotes, `="…"` and full-width digits are undone. */
function cleanId(cell: string): string {
  return cell
    .replace(/^="(.*)"$/, '$1')
    .replace(/[\s\u3000\u00a0'"]/g, '')
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[Ｘｘx]/g, 'X');
}

function csvRows(text: string): string[][] {
  // the generator's CSVs quote only fields with commas, quotes or line breaks; this splitter follows RFC 4180
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false; else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; } else if (ch === '\n') { row.push(field.replace(/\r$/, '')); rows.push(row); row = []; field = ''; } else field += ch;
  }
  return rows;
}

describe('sample-data generator (small scale)', () => {
  let dirA: string;
  let dirB: string;
  let report: GenerateReport;
  const people: Person[] = [];

  beforeAll(async () => {
    dirA = await mkdtemp(path.join(tmpdir(), 'recon-gen-a-'));
    dirB = await mkdtemp(path.join(tmpdir(), 'recon-gen-b-'));
    report = await generateExtracts({ outDir: dirA, seed: 7, scale: 'small', night: 1, onPerson: (p) => people.push(p) });
    await generateExtracts({ outDir: dirB, seed: 7, scale: 'small', night: 1 });
  }, 120_000);

  afterAll(async () => {
    await rm(dirA, { recursive: true, force: true });
    await rm(dirB, { recursive: true, force: true });
  });

  it('writes byte-identical files (CSV and XLSX) for the same seed', async () => {
    for (const file of ['yibao.csv', 'dibao.csv', 'tekun.csv', 'system-2023.xlsx', 'system-old.xlsx', 'xueji.xlsx', 'yanpan.xlsx']) {
      const [a, b] = await Promise.all([readFile(path.join(dirA, file)), readFile(path.join(dirB, file))]);
      expect(a.length, file).toBeGreaterThan(500);
      expect(a.equals(b), `${file} differs between two runs with one seed`).toBe(true);
    }
  });

  it('writes a different population for another seed', async () => {
    const dirC = await mkdtemp(path.join(tmpdir(), 'recon-gen-c-'));
    try {
      await generateExtracts({ outDir: dirC, seed: 8, scale: 'small', night: 1 });
      const [a, c] = await Promise.all([readFile(path.join(dirA, 'tekun.csv')), readFile(path.join(dirC, 'tekun.csv'))]);
      expect(a.equals(c)).toBe(false);
    } finally {
      await rm(dirC, { recursive: true, force: true });
    }
  }, 120_000);

  it('changes a few rows, not the whole file, on night 2', async () => {
    const dirN2 = await mkdtemp(path.join(tmpdir(), 'recon-gen-n2-'));
    try {
      await generateExtracts({ outDir: dirN2, seed: 7, scale: 'small', night: 2 });
      for (const file of ['yibao.csv', 'dibao.csv']) {
        const night1 = new Set((await readFile(path.join(dirA, file), 'latin1')).split('\r\n'));
        const night2 = (await readFile(path.join(dirN2, file), 'latin1')).split('\r\n');
        const changed = night2.filter((line) => !night1.has(line)).length;
        expect(changed, file).toBeGreaterThan(0);
        expect(changed / night2.length, file).toBeLessThan(0.15);
      }
    } finally {
      await rm(dirN2, { recursive: true, force: true });
    }
  }, 120_000);

  it('gives every person a valid ID that encodes their birth date and sex', () => {
    expect(people.length).toBeGreaterThan(report.persons);
    for (const p of people) {
      expect(p.id, p.id).toMatch(/^\d{17}[\dX]$/);
      expect(p.id[17], p.id).toBe(standardCheckDigit(p.id.slice(0, 17)));
      expect(p.id.slice(6, 14)).toBe(p.birth.replaceAll('-', ''));
      expect(Number(p.id[16]) % 2 === 1).toBe(p.male);
    }
    expect(new Set(people.map((p) => p.id)).size).toBe(people.length);
  });

  it('writes the GB18030 医保 file, the BOM 低保 file and valid roster IDs', async () => {
    const medical = await readFile(path.join(dirA, 'yibao.csv'));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(medical)).toThrow();
    const medicalText = new TextDecoder('gb18030').decode(medical);
    expect(medicalText.startsWith('姓名*,公民身份号码,')).toBe(true);
    const dibao = await readFile(path.join(dirA, 'dibao.csv'));
    expect([...dibao.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

    // no case touches 特困 IDs or 低保 head IDs: once cleaned, each must pass the standard's check
    const tekunRows = csvRows(await readFile(path.join(dirA, 'tekun.csv'), 'utf8')).slice(1).filter((r) => r.length > 4);
    const dibaoRows = csvRows(dibao.toString('utf8').slice(1)).slice(1).filter((r) => r[0] !== '合计' && r.length > 5);
    const ids = [...tekunRows.map((r) => r[4]!), ...dibaoRows.map((r) => r[5]!)].map(cleanId);
    expect(ids.length).toBeGreaterThan(100);
    for (const id of ids) expect(id[17], id).toBe(standardCheckDigit(id.slice(0, 17)));
    // the messy forms data-contract.md lists are there
    const raw = [...tekunRows.map((r) => r[4]!), ...dibaoRows.flatMap((r) => [r[5]!, r[7]!])];
    expect(raw.some((c) => c.startsWith('="'))).toBe(true);
    expect(raw.some((c) => /[０-９]/.test(c))).toBe(true);
    expect(raw.some((c) => c.startsWith("'"))).toBe(true);
    expect(medicalText).toMatch(/,3\.\d{14}E\+17,/);
    expect(medicalText).toMatch(/,3\.\d{5}E\+17,/);
  });
});
