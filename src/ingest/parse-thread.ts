/**
 * The parse thread's body: parseSource on its own heap, each batch of records
 * serialised (the stored form) and posted as it is read, so the main thread
 * only decodes them and the store thread only inserts them. The parse's
 * garbage never touches the main thread's heap, which holds the night.
 * See parse-thread-client.ts.
 */
import { parentPort } from 'node:worker_threads';
import { InputError } from '../errors.js';
import type { Params } from '../model/params.js';
import type { Place } from '../model/records.js';
import { parseSource } from './read-source.js';
import type { FileFingerprint } from './readers/fingerprint.js';
import { recordEncoder } from './record-codec.js';
import { appendEncoded, emptyChunk, packChunk, type PackedChunk } from './chunks.js';
import type { ParsedSource, SourceSpec } from './types.js';

export type ParseRequest =
  | { type: 'parse'; id: number; source: SourceSpec; params: Params; fingerprint: FileFingerprint }
  /** the main thread has taken a chunk */
  | { type: 'taken'; id: number }
  /** the main thread gave the file up (its store failed): stop parsing it */
  | { type: 'cancel'; id: number };

export type ParseReply =
  /** `read`: rows read so far (progress) */
  | { type: 'chunk'; id: number; chunk: PackedChunk; places: Place[]; read: number }
  /** the file's stats and rejects (records empty: they came as chunks); `places`: all the file's places as JSON */
  | { type: 'done'; id: number; parsed: ParsedSource; places: string }
  | { type: 'failed'; id: number; message: string; input: boolean; where: InputError['where']; stack?: string };

/** Chunks posted and not yet taken: enough to keep the main thread busy, few enough to bound memory. */
const CHUNKS_AHEAD = 3;
/**
 * Records per message: each is a message to the main thread, one on to the
 * store thread and one back each, and on two busy cores every message wakes
 * a thread (2,000 a message took 97 s a city night where 8,000 took 85 s); a
 * few megabytes each.
 */
const RECORDS_PER_MESSAGE = 8000;

const port = parentPort;
if (!port) throw new Error('parse-thread.ts runs as a worker thread only');

let untaken = 0;
let taken: (() => void) | null = null;
const cancelled = new Set<number>();
/** one file at a time, in the order asked */
let parsing: Promise<void> = Promise.resolve();

async function parse(request: Extract<ParseRequest, { type: 'parse' }>): Promise<void> {
  const { id, source, params, fingerprint } = request;
  const post = (reply: ParseReply) => port!.postMessage(reply);
  const encoder = recordEncoder(source.kind);
  let read = 0;
  // records are serialised batch by batch as parsed: only their texts wait for the message, not the records and the decoded text their cells are cut from
  let pending = emptyChunk();
  const send = async () => {
    if (cancelled.has(id)) throw new Error('cancelled');
    const chunk = packChunk(pending);
    pending = emptyChunk();
    while (untaken >= CHUNKS_AHEAD) await new Promise<void>((resolve) => (taken = resolve));
    untaken++;
    post({ type: 'chunk', id, chunk, places: encoder.newPlaces(), read });
  };
  try {
    const parsed = await parseSource(
      source,
      { params, transient: true, onProgress: (rows) => (read = rows) },
      { ...fingerprint, head: Buffer.from(fingerprint.head) },
      async (records) => {
        appendEncoded(pending, records, encoder);
        if (pending.data.length >= RECORDS_PER_MESSAGE) await send();
      },
    );
    if (pending.data.length > 0) await send();
    post({ type: 'done', id, parsed, places: encoder.placesJson() });
  } catch (err) {
    const input = err instanceof InputError;
    const message = err instanceof Error ? err.message : String(err);
    post({ type: 'failed', id, message, input, where: input ? err.where : {}, ...(err instanceof Error && err.stack ? { stack: err.stack } : {}) });
  } finally {
    cancelled.delete(id);
  }
}

port.on('message', (request: ParseRequest) => {
  if (request.type === 'cancel') {
    cancelled.add(request.id);
    return;
  }
  if (request.type === 'taken') {
    untaken--;
    taken?.();
    taken = null;
    return;
  }
  parsing = parsing.then(() => parse(request));
});
