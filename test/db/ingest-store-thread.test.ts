/**
 * The store thread (in-process runner on SQLite): files stored in order, one
 * transaction each, loading back exactly as parsed; a file whose store fails
 * leaves nothing and does not stop the next one; the same file twice is stored once.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ingestSourceVia, loadRecords, loadRejects, readSource, StoreThread } from '../../src/ingest/index.js';
import { freshDb, type TestDb } from '../helpers/db.js';
import { FIXTURES, params } from '../unit/ingest/helpers.js';

const ctx = { params: params() };
const medical = { kind: 'medical' as const, path: path.join(FIXTURES, 'medical-gbk.csv'), displayName: 'extracts/yibao.csv' };
const dibao = { kind: 'dibao' as const, path: path.join(FIXTURES, 'dibao-bom.csv') };

describe('ingest store thread on sqlite', () => {
  let testDb: TestDb | undefined;
  let thread: StoreThread | null = null;
  afterEach(async () => {
    await thread?.close();
    thread = null;
    await testDb?.cleanup();
    testDb = undefined;
  });

  it('stores files in order and they load back exactly as parsed', async () => {
    testDb = await freshDb('sqlite');
    const { db } = testDb;
    thread = StoreThread.open(db);
    expect(thread).not.toBeNull();
    const first = await ingestSourceVia(db, medical, ctx, thread!);
    const second = await ingestSourceVia(db, dibao, ctx, thread!);
    await Promise.all([first.stored, second.stored]);
    const set = await loadRecords(db, [first.result.extractId, second.result.extractId]);
    expect(set.medical).toEqual(first.result.records);
    expect(set.dibao).toEqual(second.result.records);
    expect(await loadRejects(db, [first.result.extractId])).toEqual(first.result.rejects);

    // the same file again: read back from the store, nothing added
    const again = await ingestSourceVia(db, medical, ctx, thread!);
    await again.stored;
    expect(again.result.alreadyIngested).toBe(true);
    expect(again.result.records).toEqual(first.result.records);
    expect(await db.kysely.selectFrom('extract').selectAll().execute()).toHaveLength(2);
  });

  it('a store that fails rolls its file back and the next file is still stored', async () => {
    testDb = await freshDb('sqlite');
    const { db } = testDb;
    thread = StoreThread.open(db)!;
    const parsed = await readSource(dibao, ctx);
    // a record without a row breaks NOT NULL after the extract row and other records were written
    const broken = { ...parsed, records: [...parsed.records, { ...parsed.records[0]!, row: null as unknown as number }] };
    await expect(thread.store(broken)).rejects.toThrow(/NOT NULL/);
    expect(await db.kysely.selectFrom('extract').selectAll().execute()).toEqual([]);
    expect(await db.kysely.selectFrom('record').selectAll().execute()).toEqual([]);
    expect(await thread.store(parsed)).toBe(true);
    expect((await loadRecords(db, [parsed.extractId])).dibao).toEqual(parsed.records);
  });
});
