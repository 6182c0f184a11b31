/**
 * The ingest stage: readSource + store in one transaction. The same file
 * (sha256) a second time stores nothing and returns what is stored.
 */
import type { Db } from '../db/create-db.js';
import { displayNameOf, fingerprintSource, parseSource } from './read-source.js';
import { findExtractBySha256, loadExtractRecords, loadRejects, storedStats, storeParsedSource } from './store.js';
import { decodeShare } from './record-codec.js';
import type { StoreThread } from './store-thread-client.js';
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
 * ingestSource for the in-process runner: resolves once the file is parsed,
 * its store still running on `thread`; `stored` settles when it is committed
 * (or rejects: the file left nothing behind). The caller must not write to
 * the database until `stored` has settled.
 */
export async function ingestSourceVia(
  db: Db,
  source: SourceSpec,
  ctx: IngestContext,
  thread: StoreThread,
): Promise<{ result: IngestResult; stored: Promise<void> }> {
  const fingerprint = await fingerprintSource(source);
  // the same file earlier in this pipeline: read it back once stored, as ingestSource would
  await thread.settled(fingerprint.sha256);
  const known = await findExtractBySha256(db, fingerprint.sha256);
  if (known) return { result: await storedResult(db, known, displayNameOf(source), ctx), stored: Promise.resolve() };
  const parsed = await parseSource(source, ctx, fingerprint);
  const result: IngestResult = { ...parsed, alreadyIngested: false };
  // false: another process stored the same file meanwhile; its records are these
  const stored = thread.store(parsed).then(() => undefined);
  stored.catch(() => undefined); // the caller awaits it later; not an unhandled rejection meanwhile
  return { result, stored };
}

async function storedResult(
  db: Db,
  extract: NonNullable<Awaited<ReturnType<typeof findExtractBySha256>>>,
  file: string,
  ctx: IngestContext,
): Promise<IngestResult> {
  // the run's IDs shared with the files it parsed, as a parsed file's are
  const records = await loadExtractRecords(db, extract, file, decodeShare(ctx.sharedIds));
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
