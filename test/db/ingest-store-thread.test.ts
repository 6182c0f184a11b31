/**
 * The parse and store threads (in-process runner and `recon ingest` on SQLite): files stored in order, one
 * transaction each, loading back exactly as parsed; a file whose store fails
 * leaves nothing and does not stop the next one; the same file twice is stored once.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ingestFile, ingestSourceVia, loadRecords, loadRejects, ParseThread, readSource, StoreThread, type IngestThreads } from '../../src/ingest/index.js';
import { InputError } from '../../src/errors.js';
import { extractRow, packChunk, recordChunks } from '../../src/ingest/chunks.js';
import { fingerprintFile } from '../../src/ingest/readers/fingerprint.js';
import { recordEncoder } from '../../src/ingest/record-codec.js';
import type { ParsedSource } from '../../src/ingest/types.js';
import { freshDb, type TestDb } from '../helpers/db.js';
import { bigRoster, FIXTURES, medicalCsvBrokenAtEnd, params, scratchDir } from '../unit/ingest/helpers.js';

const ctx = { params: params() };

/** A parsed file through the store thread's stream, as the parse thread sends it. */
function storeOnThread(thread: StoreThread, parsed: ParsedSource): Promise<boolean> {
  const stream = thread.open(extractRow(parsed), parsed.kind);
  const encoder = recordEncoder(parsed.kind);
  for (const chunk of recordChunks(parsed, encoder)) void stream.rows(packChunk(chunk));
  return stream.commit(extractRow(parsed), parsed.rejects, encoder.placesJson());
}
const medical = { kind: 'medical' as const, path: path.join(FIXTURES, 'medical-gbk.csv'), displayName: 'extracts/yibao.csv' };
const dibao = { kind: 'dibao' as const, path: path.join(FIXTURES, 'dibao-bom.csv') };

describe('ingest store thread on sqlite', () => {
  let testDb: TestDb | undefined;
  let thread: StoreThread | null = null;
  let parser: ParseThread | null = null;
  afterEach(async () => {
    await thread?.close();
    await parser?.close();
    thread = null;
    parser = null;
    await testDb?.cleanup();
    testDb = undefined;
  });

  it('stores files in order and they load back exactly as parsed', async () => {
    testDb = await freshDb('sqlite');
    const { db } = testDb;
    thread = StoreThread.open(db);
    expect(thread).not.toBeNull();
    parser = ParseThread.open();
    const threads: IngestThreads = { store: thread!, parse: parser };
    const first = await ingestSourceVia(db, medical, ctx, threads);
    const second = await ingestSourceVia(db, dibao, ctx, threads);
    await Promise.all([first.stored, second.stored]);
    // parsed there and decoded here, the records are the ones parsed on this thread
    expect(first.result.records).toEqual((await readSource(medical, ctx)).records);
    expect(second.result).toMatchObject({ read: 6, accepted: 5, rejected: 1 });
    // the extract row began before parsing: its counts and header come with the commit
    expect(await db.kysely.selectFrom('extract').select(['file_name', 'rows_read', 'rows_accepted', 'rows_rejected', 'header_row', 'encoding']).orderBy('file_name').execute()).toEqual([
      { file_name: 'dibao-bom.csv', rows_read: 6, rows_accepted: 5, rows_rejected: 1, header_row: second.result.headerRow, encoding: 'utf-8' },
      { file_name: 'extracts/yibao.csv', rows_read: first.result.read, rows_accepted: first.result.accepted, rows_rejected: first.result.rejected, header_row: 2, encoding: 'gb18030' },
    ]);
    const set = await loadRecords(db, [first.result.extractId, second.result.extractId]);
    expect(set.medical).toEqual(first.result.records);
    expect(set.dibao).toEqual(second.result.records);
    expect(await loadRejects(db, [first.result.extractId])).toEqual(first.result.rejects);

    // the same file again: read back from the store, nothing added
    const again = await ingestSourceVia(db, medical, ctx, threads);
    await again.stored;
    expect(again.result.alreadyIngested).toBe(true);
    expect(again.result.records).toEqual(first.result.records);
    expect(await db.kysely.selectFrom('extract').selectAll().execute()).toHaveLength(2);
  });

  it('a file that cannot be read past some chunks leaves nothing, with its error; the next file is still stored', async () => {
    testDb = await freshDb('sqlite');
    const { db } = testDb;
    thread = StoreThread.open(db)!;
    parser = ParseThread.open();
    const threads: IngestThreads = { store: thread, parse: parser };
    // 30,000 good rows (3 MB: the reader takes 1 MB at a time; chunks reach the store), then a byte no UTF-8 text holds
    const broken = medicalCsvBrokenAtEnd(scratchDir(), 30_000);
    const progress: number[] = [];
    const failing = ingestSourceVia(db, { kind: 'medical', path: broken, encoding: 'utf-8' }, { ...ctx, onProgress: (n) => progress.push(n) }, threads);
    await expect(failing).rejects.toBeInstanceOf(InputError);
    await expect(failing).rejects.toThrow(/broken\.csv: cannot be decoded as utf-8/);
    await expect(failing).rejects.toMatchObject({ where: { file: 'broken.csv' } });
    expect(progress.at(-1)).toBeGreaterThanOrEqual(10000);
    // rolled back, the write lock let go: this connection can write at once
    await thread.settled((await fingerprintFile(broken)).sha256);
    db.sqlite!.pragma('busy_timeout = 200');
    db.sqlite!.exec('BEGIN IMMEDIATE');
    db.sqlite!.exec('ROLLBACK');
    db.sqlite!.pragma('busy_timeout = 30000');
    const next = await ingestSourceVia(db, dibao, ctx, threads);
    await next.stored;
    expect(await db.kysely.selectFrom('extract').select('file_name').execute()).toEqual([{ file_name: 'dibao-bom.csv' }]);
    expect(await db.kysely.selectFrom('record').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst()).toEqual({ n: 5 });
  });

  it('ingestFile (recon ingest) stores on both threads, returns no records, and stores a file once', async () => {
    testDb = await freshDb('sqlite');
    const { db } = testDb;
    const result = await ingestFile(db, medical, ctx, { exclusive: true });
    const parsed = await readSource(medical, ctx);
    expect(result.records).toEqual([]);
    expect(result).toMatchObject({ read: parsed.read, accepted: parsed.accepted, rejected: parsed.rejected, alreadyIngested: false });
    expect(result.rejects).toEqual(parsed.rejects);
    expect((await loadRecords(db, [result.extractId])).medical).toEqual(parsed.records);
    const again = await ingestFile(db, medical, ctx, { exclusive: true });
    expect(again).toMatchObject({ alreadyIngested: true, read: parsed.read, records: [] });
    expect(await db.kysely.selectFrom('extract').selectAll().execute()).toHaveLength(1);
  });

  it('keeps committed files in the log until the checkpoint asked for after the last, then the database file holds them', async () => {
    testDb = await freshDb('sqlite');
    const { db, url: file } = testDb;
    // the migrations' tables into the database file first
    db.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
    const scratch = scratchDir();
    let copies = 0;
    /** records in the database file alone, as a copy of it without its log would have them */
    const recordsInFileAlone = () => {
      const copy = path.join(scratch, `copy-${copies++}.sqlite`);
      fs.copyFileSync(file, copy);
      const alone = new Database(copy, { readonly: true });
      try {
        return (alone.prepare('SELECT count(*) AS n FROM record').get() as { n: number }).n;
      } finally {
        alone.close();
      }
    };
    try {
      thread = StoreThread.open(db)!;
      // over SQLite's automatic checkpoint (1,000 pages of the log): that one would have copied it at the commit
      const big = await readSource({ kind: 'dibao', path: bigRoster(scratch, 40_000) }, ctx);
      expect(await storeOnThread(thread, big)).toBe(true);
      expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(1_000 * 4_096);
      expect(recordsInFileAlone()).toBe(0);
      await thread.checkpoint();
      expect(recordsInFileAlone()).toBe(big.accepted);
      // the next file's commit stays in the log again until the thread closes
      const parsed = await readSource(dibao, ctx);
      expect(await storeOnThread(thread, parsed)).toBe(true);
      expect(recordsInFileAlone()).toBe(big.accepted);
      await thread.close();
      thread = null;
      expect(recordsInFileAlone()).toBe(big.accepted + parsed.accepted);
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('a chunk the store cannot insert rolls its file back, and the next file is still stored', async () => {
    testDb = await freshDb('sqlite');
    const { db } = testDb;
    thread = StoreThread.open(db)!;
    const parsed = await readSource(dibao, ctx);
    // a record without a row breaks NOT NULL after the extract row and other records were written
    const broken = { ...parsed, records: [...parsed.records, { ...parsed.records[0]!, row: null as unknown as number }] };
    await expect(storeOnThread(thread, broken)).rejects.toThrow(/NOT NULL/);
    expect(await db.kysely.selectFrom('extract').selectAll().execute()).toEqual([]);
    expect(await db.kysely.selectFrom('record').selectAll().execute()).toEqual([]);
    expect(await storeOnThread(thread, parsed)).toBe(true);
    expect((await loadRecords(db, [parsed.extractId])).dibao).toEqual(parsed.records);
  });
});
