/**
 * The ingest store on every dialect: one transaction per file, same file
 * twice stores nothing, records and rejects load back as they were parsed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { ingestFile, ingestSource, loadRecords, loadRejects, readSource } from '../../src/ingest/index.js';
import { recordEncoder } from '../../src/ingest/record-codec.js';
import { storeParsedSource } from '../../src/ingest/store.js';
import type { AnyRecord } from '../../src/ingest/types.js';
import { DIALECTS, freshDb, tempDir, type TestDb } from '../helpers/db.js';
import { FIXTURES, medicalCsvBrokenAtEnd, params, scratchDir } from '../unit/ingest/helpers.js';

const ctx = { params: params() };
const medical = { kind: 'medical' as const, path: path.join(FIXTURES, 'medical-gbk.csv'), displayName: 'extracts/yibao.csv' };
const dibao = { kind: 'dibao' as const, path: path.join(FIXTURES, 'dibao-bom.csv') };

for (const { dialect, available } of DIALECTS) {
  describe.skipIf(!available)(`ingest store on ${dialect}`, () => {
    let testDb: TestDb | undefined;
    afterEach(async () => {
      await testDb?.cleanup();
      testDb = undefined;
    });

    it('stores a file and loads its records and rejects back exactly', async () => {
      testDb = await freshDb(dialect);
      const { db } = testDb;
      const result = await ingestSource(db, medical, ctx);
      expect(result.alreadyIngested).toBe(false);
      expect(result.extractId).toMatch(/^[0-9a-f]{16}$/);
      expect([result.read, result.accepted, result.rejected]).toEqual([6, 5, 1]);

      const extract = await db.kysely.selectFrom('extract').selectAll().executeTakeFirstOrThrow();
      expect(extract).toMatchObject({
        id: result.extractId, kind: 'medical', file_name: 'extracts/yibao.csv', encoding: 'gb18030', header_row: 2,
        rows_read: 6, rows_accepted: 5, rows_rejected: 1,
      });
      expect(JSON.parse(extract.stats)).toEqual({ unreadable: { outOfPocket: 1 }, outOfVocabulary: { enrolStatus: 1 }, unresolvedPlaces: 1 });

      const second = await ingestSource(db, dibao, ctx);
      const set = await loadRecords(db, [second.extractId, result.extractId]);
      expect(set.present).toEqual(new Set(['dibao', 'medical']));
      expect(set.medical).toEqual(result.records);
      expect(set.dibao).toEqual(second.records);
      expect(set.system).toEqual([]);
      const rejects = await loadRejects(db, [result.extractId, second.extractId]);
      expect(rejects).toEqual([...result.rejects, ...second.rejects]);
      expect(rejects.map((r) => [r.file, r.row, r.reason])).toEqual([
        ['extracts/yibao.csv', 7, 'ID_MISSING'],
        ['dibao-bom.csv', 5, 'ID_MISSING'],
      ]);
      const idKeys = await db.kysely.selectFrom('record').select('id_key').where('extract_id', '=', result.extractId).orderBy('row').execute();
      expect(idKeys.map((r) => r.id_key)).toEqual(result.records.map((r) => ('id' in r ? r.id.key : '')));
    });

    it('stores each record as the very text its encoding is, awkward strings and numbers too', async () => {
      testDb = await freshDb(dialect);
      const { db } = testDb;
      const parsed = await readSource(medical, ctx);
      // (no lone surrogate: a decoded file cannot hold one, and PostgreSQL's json refuses it)
      const awkward = ['引"号', 'back\\slash', 'line\nbreak\r\t', 'ctl\u0001\u001f', 'sep\u2028\u2029', '😀表情', '', ' 空格 '];
      const numbers = [1e21, 0.1, -0, 1234.5, 2 ** 53 + 2, 5e-7, -3];
      const records = parsed.records.map((record, i) => ({
        ...(record as Extract<AnyRecord, { scheme: unknown }>),
        name: awkward[i % awkward.length]!,
        enrolStatus: awkward[(i + 3) % awkward.length]!,
        outOfPocket: numbers[i % numbers.length]!,
      }));
      const many = [...Array(4)].flatMap((_, copy) => records.map((r, i) => ({ ...r, row: 100 * copy + i + 2, name: r.name + copy })));
      await storeParsedSource(db, { ...parsed, records: many, accepted: many.length });
      const stored = await db.kysely.selectFrom('record').select(['row', 'data']).orderBy('row').execute();
      const encoder = recordEncoder('medical');
      expect(stored.map((r) => r.data)).toEqual(many.map((r) => encoder.encode(r)));
      expect(stored.map((r) => r.row)).toEqual(many.map((r) => r.row));
    });

    it('ingestFile (recon ingest, queue jobs) stores what ingestSource stores, parsed on a parse thread, and returns no records', async () => {
      testDb = await freshDb(dialect);
      const { db } = testDb;
      const parsed = await readSource(medical, ctx);
      const result = await ingestFile(db, medical, ctx, { exclusive: true });
      expect(result).toMatchObject({ alreadyIngested: false, read: 6, accepted: 5, rejected: 1, records: [] });
      const extract = await db.kysely.selectFrom('extract').selectAll().executeTakeFirstOrThrow();
      expect(extract).toMatchObject({ id: result.extractId, encoding: 'gb18030', header_row: 2, rows_read: 6, rows_accepted: 5, rows_rejected: 1 });
      expect(JSON.parse(extract.stats)).toEqual({ unreadable: { outOfPocket: 1 }, outOfVocabulary: { enrolStatus: 1 }, unresolvedPlaces: 1 });
      expect((await loadRecords(db, [result.extractId])).medical).toEqual(parsed.records);
      expect(await loadRejects(db, [result.extractId])).toEqual(parsed.rejects);
      expect(await ingestFile(db, medical, ctx, { exclusive: true })).toMatchObject({ alreadyIngested: true, read: 6, records: [] });
      expect(await db.kysely.selectFrom('extract').selectAll().execute()).toHaveLength(1);
    });

    it('ingestFile: a file failing after some chunks were inserted leaves nothing behind', async () => {
      testDb = await freshDb(dialect);
      const { db } = testDb;
      const broken = medicalCsvBrokenAtEnd(scratchDir(), 30_000);
      const progress: number[] = [];
      const failing = ingestFile(db, { kind: 'medical', path: broken, encoding: 'utf-8' }, { ...ctx, onProgress: (n) => progress.push(n) }, { exclusive: true });
      await expect(failing).rejects.toThrow(/broken\.csv: cannot be decoded as utf-8/);
      // chunks of 8,000 had been stored (each is inserted before the next is taken)
      expect(progress.at(-1)).toBeGreaterThanOrEqual(16_000);
      expect(await db.kysely.selectFrom('extract').selectAll().execute()).toEqual([]);
      expect(await db.kysely.selectFrom('record').select('row').limit(1).execute()).toEqual([]);
    });

    it('the same file twice adds nothing and returns the stored extract', async () => {
      testDb = await freshDb(dialect);
      const { db } = testDb;
      const first = await ingestSource(db, medical, ctx);
      const again = await ingestSource(db, { ...medical, displayName: 'tonight/yibao.csv' }, ctx);
      expect(again.alreadyIngested).toBe(true);
      expect(again.extractId).toBe(first.extractId);
      expect([again.read, again.accepted, again.rejected, again.headerRow, again.encoding]).toEqual([6, 5, 1, 2, 'gb18030']);
      expect(again.unreadable).toEqual(first.unreadable);
      expect(again.records).toEqual(first.records.map((r) => ({ ...r, file: 'tonight/yibao.csv' })));
      const counts = await db.kysely
        .selectFrom('record')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(counts.n)).toBe(5);
      expect(await db.kysely.selectFrom('extract').selectAll().execute()).toHaveLength(1);
    });

    it('a file that fails midway leaves nothing behind', async () => {
      testDb = await freshDb(dialect);
      const { db } = testDb;
      // valid UTF-8 for its first part, then bytes that are not: detection picks gb18030, which cannot
      // decode 0xFF; the failure surfaces after rows were already parsed
      const dir = tempDir();
      try {
        const good = fs.readFileSync(path.join(FIXTURES, 'dibao-bom.csv'));
        const file = path.join(dir, 'broken.csv');
        fs.writeFileSync(file, Buffer.concat([good, Buffer.from([0xff, 0xff, 0x0a])]));
        await expect(ingestSource(db, { kind: 'dibao', path: file }, ctx)).rejects.toBeInstanceOf(InputError);
        expect(await db.kysely.selectFrom('extract').selectAll().execute()).toEqual([]);
        expect(await db.kysely.selectFrom('record').selectAll().execute()).toEqual([]);
        expect(await db.kysely.selectFrom('reject').selectAll().execute()).toEqual([]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('a store failure inside the transaction rolls the extract back', async () => {
      testDb = await freshDb(dialect);
      const { db } = testDb;
      const parsed = await readSource(dibao, ctx);
      const { storeParsedSource } = await import('../../src/ingest/store.js');
      // a record without a row breaks NOT NULL after the extract row was written
      const broken = { ...parsed, records: [...parsed.records, { ...parsed.records[0]!, row: null as unknown as number }] };
      await expect(storeParsedSource(db, broken)).rejects.toThrow();
      expect(await db.kysely.selectFrom('extract').selectAll().execute()).toEqual([]);
      expect(await db.kysely.selectFrom('record').selectAll().execute()).toEqual([]);
    });
  });
}

describe('SQLite page size', () => {
  it('makes a new file with 64 KB pages, and keeps the pages of a file made before', async () => {
    const { default: SQLite } = await import('better-sqlite3');
    const { openDb } = await import('../../src/db/migrate.js');
    const dir = tempDir();
    try {
      const fresh = await openDb(path.join(dir, 'new.sqlite'));
      expect(fresh.sqlite!.pragma('page_size', { simple: true })).toBe(65536);
      await fresh.close();
      // a database an earlier version made: SQLite's 4 KB pages, a table in it
      const oldFile = path.join(dir, 'old.sqlite');
      const before = new SQLite(oldFile);
      before.pragma('journal_mode = WAL');
      before.exec('CREATE TABLE earlier (x INTEGER)');
      before.close();
      const old = await openDb(oldFile);
      try {
        expect(old.sqlite!.pragma('page_size', { simple: true })).toBe(4096);
        const result = await ingestFile(old, dibao, ctx, { exclusive: true });
        expect((await loadRecords(old, [result.extractId])).dibao).toHaveLength(result.accepted);
      } finally {
        await old.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
