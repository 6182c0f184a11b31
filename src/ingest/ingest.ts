/**
 * The ingest stage: readSource + store in one transaction. The same file
 * (sha256) a second time stores nothing and returns what is stored.
 */
import type { Db } from '../db/create-db.js';
import type { NewExtract } from '../db/tables/ingest.js';
import { ParseThread, type ThreadParsed } from './parse-thread-client.js';
import { displayNameOf, extractIdOf, fingerprintSource, parseSource } from './read-source.js';
import type { FileFingerprint } from './readers/fingerprint.js';
import { extractRow, findExtractBySha256, loadExtractRecords, loadRejects, storedStats, storeParsedSource } from './store.js';
import { decodeShare } from './record-codec.js';
import { StoreThread } from './store-thread-client.js';
import type { IngestContext, IngestResult, SourceSpec } from './types.js';

export async function ingestSource(db: Db, source: SourceSpec, ctx: IngestContext): Promise<IngestResult> {
  const fingerprint = await fingerprintSource(source);
  const stored = await findExtractBySha256(db, fingerprint.sha256);
  if (stored) return storedResult(db, stored, displayNameOf(source), ctx);
  const parsed = await parseSource(source, ctx, fingerprint);
  if (!(await storeParsedSource(db, parsed))) {
    // another worker stored the same file meanwhile
    const now = await findExtractBySha256(db, fingerprint.sha256);
    if (now) return storedResult(db, now, parsed.file, ctx);
  }
  return { ...parsed, alreadyIngested: false };
}

/**
 * What `recon ingest` does: stores one file and reports it, its records not
 * returned (`records` is empty). On a SQLite file the file is parsed on a
 * parse thread and inserted on a store thread at once, both cores busy;
 * otherwise ingestSource.
 */
export async function ingestFile(db: Db, source: SourceSpec, ctx: IngestContext): Promise<IngestResult> {
  const store = StoreThread.open(db);
  if (!store) return { ...(await ingestSource(db, source, ctx)), records: [] };
  const parse = ParseThread.open();
  try {
    const { result, stored } = await ingestSourceVia(db, source, ctx, { parse, store }, { keepRecords: false });
    await stored;
    return result;
  } finally {
    await parse.close();
    await store.close();
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
): Promise<{ result: IngestResult; stored: Promise<void> }> {
  const fingerprint = await fingerprintSource(source);
  // the same file earlier in this pipeline: read it back once stored, as ingestSource would
  await threads.store.settled(fingerprint.sha256);
  const known = await findExtractBySha256(db, fingerprint.sha256);
  if (known) return { result: await storedResult(db, known, displayNameOf(source), ctx, keepRecords), stored: Promise.resolve() };
  const stream = threads.store.open(provisionalExtractRow(source, fingerprint), source.kind);
  // false: another process stored the same file meanwhile; its records are these
  const stored = stream.stored.then(() => undefined);
  stored.catch(() => undefined); // the caller awaits it later; not an unhandled rejection meanwhile
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

/** The extract row before its file is parsed: what parsing finds (encoding, header, counts) comes with the commit. */
function provisionalExtractRow(source: SourceSpec, fingerprint: FileFingerprint): NewExtract {
  return {
    id: extractIdOf(fingerprint.sha256),
    sha256: fingerprint.sha256,
    kind: source.kind,
    file_name: displayNameOf(source),
    path: source.path,
    encoding: '',
    sheet: null,
    header_row: 0,
    rows_read: 0,
    rows_accepted: 0,
    rows_rejected: 0,
    stats: '{}',
    ingested_at: new Date().toISOString(),
  };
}
