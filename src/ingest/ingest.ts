/**
 * The ingest stage: parse + store in one transaction. The same file
 * (sha256) a second time stores nothing and returns what is stored.
 * ingestSource parses on the calling thread; ingestSourceVia (the
 * in-process runner on SQLite) and ingestFile (everything else) parse on a
 * parse thread and store as they read.
 */
import type { Db } from '../db/create-db.js';
import { InputError } from '../errors.js';
import { extractRow, provisionalExtractRow } from './chunks.js';
import { ParseThread, type ThreadParsed } from './parse-thread-client.js';
import { displayNameOf, fingerprintSource, parseSource } from './read-source.js';
import { decodeShare } from './record-codec.js';
import { findExtractBySha256, loadExtractRecords, loadRejects, storedStats, storeParsedSource } from './store.js';
import { streamToPostgres } from './store-postgres.js';
import { StoreThread } from './store-thread-client.js';
import type { IngestContext, IngestResult, SourceSpec } from './types.js';

export async function ingestSource(db: Db, source: SourceSpec, ctx: IngestContext): Promise<IngestResult> {
  const fingerprint = await fingerprintSource(source);
  const stored = await storedAlready(db, fingerprint.sha256, displayNameOf(source), ctx);
  if (stored) return stored;
  const parsed = await parseSource(source, ctx, fingerprint);
  const result: IngestResult = { ...parsed, alreadyIngested: false };
  // false: another worker stored the same file meanwhile
  if (await storeParsedSource(db, parsed)) return result;
  return (await storedAlready(db, fingerprint.sha256, parsed.file, ctx)) ?? result;
}

/**
 * Stores one file and reports it: what `recon ingest`, the queue's ingest
 * jobs and an in-process run on PostgreSQL do. See ingestFiles.
 */
export async function ingestFile(
  db: Db,
  source: SourceSpec,
  ctx: IngestContext,
  options: { keepRecords?: boolean; exclusive?: boolean } = {},
): Promise<IngestResult> {
  return (await ingestFiles(db, [source], ctx, options))[0]!;
}

export interface IngestFilesOptions {
  /** return each file's records (else `records` is empty, and no file's records are held) */
  keepRecords?: boolean;
  /** the caller owns the SQLite file's writes (`recon ingest`): a store thread may hold its write lock */
  exclusive?: boolean;
  /** each file's result once it is stored, in file order, before a later file's failure is thrown */
  onStored?: (result: IngestResult) => void;
}

/**
 * Stores files one after another, each in its own transaction, and reports
 * each (`recon ingest` of several files or a pipeline's). One parse thread
 * reads them all. On PostgreSQL this thread inserts each chunk as it comes,
 * both cores busy. On a SQLite file the same with a store thread, but only
 * when the caller owns the database's writes (`exclusive`: `recon ingest`):
 * the store thread holds SQLite's write lock for the whole parse, and a
 * write on this thread meanwhile would block it, and with it the chunks the
 * store waits for; the next file is parsed while the last chunks of the one
 * before are written. Otherwise (queue jobs on SQLite, an in-memory
 * database) ingestSource, whose store holds the lock only while it inserts.
 * A file that cannot be read or stored stops the rest (one already handed
 * to the store thread still completes): the files stored stay stored,
 * `onStored` has had each of them, and the first failing file's error is
 * thrown.
 */
export async function ingestFiles(
  db: Db,
  sources: readonly SourceSpec[],
  ctx: IngestContext,
  { keepRecords = false, exclusive = false, onStored }: IngestFilesOptions = {},
): Promise<IngestResult[]> {
  const results: IngestResult[] = [];
  const report = (result: IngestResult) => {
    results.push(result);
    onStored?.(result);
  };
  if (db.dialect === 'postgres') {
    // opened at the first file not stored already
    const threads: { parse?: ParseThread } = {};
    try {
      for (const source of sources) report(await ingestFilePostgres(db, source, ctx, keepRecords, () => (threads.parse ??= ParseThread.open())));
    } finally {
      await threads.parse?.close();
    }
    return results;
  }
  const store = exclusive ? StoreThread.open(db) : null;
  if (!store) {
    for (const source of sources) {
      const result = await ingestSource(db, source, ctx);
      report(keepRecords ? result : { ...result, records: [] });
    }
    return results;
  }
  const handedOver: { result: IngestResult; stored: Promise<boolean> }[] = [];
  let storeFailed = false;
  let readFailure: unknown = null;
  let parse: ParseThread | null = null;
  try {
    parse = ParseThread.open();
    // a file the store could not write stops the rest, as one that cannot be read does
    for (const source of sources) {
      if (storeFailed) break;
      const file = await ingestSourceVia(db, source, ctx, { parse, store }, { keepRecords });
      file.stored.catch(() => (storeFailed = true)); // its error is thrown below, in file order
      handedOver.push(file);
    }
  } catch (err) {
    readFailure = err;
  } finally {
    await parse?.close();
  }
  let storeFailure: Error | null = null;
  try {
    // in file order, each once committed or rolled back
    for (const file of handedOver) {
      const { result } = file;
      let committed: boolean;
      try {
        committed = await file.stored;
      } catch (err) {
        storeFailure ??= new Error(`${result.file}: not stored (${err instanceof Error ? err.message : String(err)})`);
        continue;
      }
      // not committed, for a file parsed here: another process stored the same file meanwhile; its extract is this one
      report(committed || result.alreadyIngested ? result : ((await storedAlready(db, result.sha256, result.file, ctx, keepRecords)) ?? result));
    }
  } finally {
    await Promise.allSettled(handedOver.map((file) => file.stored));
    await store.close();
  }
  // the first failing file's error: a file handed over comes before the one being read
  if (storeFailure ?? readFailure) throw storeFailure ?? readFailure;
  return results;
}

async function ingestFilePostgres(
  db: Db,
  source: SourceSpec,
  ctx: IngestContext,
  keepRecords: boolean,
  parseThread: () => ParseThread,
): Promise<IngestResult> {
  const fingerprint = await fingerprintSource(source);
  const file = displayNameOf(source);
  const known = await storedAlready(db, fingerprint.sha256, file, ctx, keepRecords);
  if (known) return known;
  try {
    return { ...(await streamToPostgres(db.kysely, source, ctx, fingerprint, parseThread(), keepRecords)), alreadyIngested: false };
  } catch (err) {
    // another worker stored the same file meanwhile (the sha256 is unique): its extract is this one
    const now = err instanceof InputError ? null : await storedAlready(db, fingerprint.sha256, file, ctx, keepRecords);
    if (now) return now;
    throw err;
  }
}

/** The in-process runner's threads (SQLite file databases): files are parsed on one and stored on the other. */
export interface IngestThreads {
  parse: ParseThread;
  store: StoreThread;
}

/**
 * ingestSource for the in-process runner: the file is parsed on the parse
 * thread and stored on the store thread chunk by chunk as it is read;
 * resolves once parsed, the store perhaps still running; `stored` settles
 * when it is committed (or rejects: the file left nothing behind). The
 * caller must not write to the database until `stored` has settled.
 */
export async function ingestSourceVia(
  db: Db,
  source: SourceSpec,
  ctx: IngestContext,
  threads: IngestThreads,
  { keepRecords = true }: { keepRecords?: boolean } = {},
): Promise<{ result: IngestResult; stored: Promise<boolean> }> {
  const fingerprint = await fingerprintSource(source);
  // the same file earlier in this pipeline: read it back once stored, as ingestSource would
  await threads.store.settled(fingerprint.sha256);
  const known = await storedAlready(db, fingerprint.sha256, displayNameOf(source), ctx, keepRecords);
  if (known) return { result: known, stored: Promise.resolve(false) };
  const stream = threads.store.open(provisionalExtractRow(source, fingerprint), source.kind);
  // false: another process stored the same file meanwhile; its records are these
  const stored = stream.stored;
  let parsed: ThreadParsed;
  try {
    parsed = await threads.parse.parse(source, ctx, fingerprint, (chunk) => stream.rows(chunk), { keepRecords });
  } catch (err) {
    stream.abort(err instanceof Error ? err : new Error(String(err)));
    throw err;
  }
  void stream.commit(extractRow(parsed.parsed), parsed.parsed.rejects, parsed.placesJson);
  return { result: { ...parsed.parsed, alreadyIngested: false }, stored };
}

/** The file as stored already (by this run, an earlier one or another worker), or null. */
async function storedAlready(db: Db, sha256: string, file: string, ctx: IngestContext, keepRecords = true): Promise<IngestResult | null> {
  const extract = await findExtractBySha256(db, sha256);
  return extract ? storedResult(db, extract, file, ctx, keepRecords) : null;
}

async function storedResult(
  db: Db,
  extract: NonNullable<Awaited<ReturnType<typeof findExtractBySha256>>>,
  file: string,
  ctx: IngestContext,
  keepRecords = true,
): Promise<IngestResult> {
  // the run's IDs shared with the files it parsed, as a parsed file's are
  const records = keepRecords ? await loadExtractRecords(db, extract, file, decodeShare(ctx.sharedIds)) : [];
  const rejects = (await loadRejects(db, [extract.id])).map((r) => ({ ...r, file }));
  return {
    ...storedStats(extract),
    extractId: extract.id,
    sha256: extract.sha256,
    file,
    path: extract.path,
    kind: extract.kind as IngestResult['kind'],
    encoding: extract.encoding,
    sheet: extract.sheet,
    headerRow: extract.header_row,
    records,
    rejects,
    alreadyIngested: true,
  };
}

