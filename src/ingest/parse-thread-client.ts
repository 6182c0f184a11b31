/**
 * Parses files on a worker thread (ingestSourceVia, ingestFile): the thread
 * reads, normalises and serialises; this side decodes each chunk into
 * records as it comes (when they are kept) and hands the same chunk to the
 * store (the store thread, or an insert on PostgreSQL). Decoding costs this
 * thread a fraction of parsing, and parsing's garbage stays on the parse
 * thread's heap. Records come out as `loadRecords` makes them from the store:
 * the same objects a queue worker evaluates.
 */
import type { Worker } from 'node:worker_threads';
import { InputError } from '../errors.js';
import type { Place } from '../model/records.js';
import type { ParseReply, ParseRequest } from './parse-thread.js';
import { displayNameOf, extractIdOf } from './read-source.js';
import type { FileFingerprint } from './readers/fingerprint.js';
import { decodeShare, recordDecoder } from './record-codec.js';
import { startThread, whenThreadStops } from '../start-thread.js';
import { packedTexts, type PackedChunk } from './chunks.js';
import type { AnyRecord, IngestContext, ParsedSource, SourceSpec } from './types.js';

/** A file parsed there: its records decoded here; `placesJson` for the extract row. */
export interface ThreadParsed {
  parsed: ParsedSource;
  placesJson: string;
}

interface Job {
  /** null: records are not kept here (stored only) */
  decode: ((row: number, data: string) => AnyRecord) | null;
  places: Place[];
  records: AnyRecord[];
  onChunk: (chunk: PackedChunk) => Promise<void>;
  onProgress: ((read: number) => void) | undefined;
  failure: Error | null;
  resolve: (parsed: ThreadParsed) => void;
  reject: (err: Error) => void;
}

/** The thread's error as thrown there: an InputError keeps its `where`, any other its stack. */
function threadError(reply: Extract<ParseReply, { type: 'failed' }>): Error {
  if (reply.input) return new InputError(reply.message, reply.where);
  const error = new Error(reply.message);
  if (reply.stack) error.stack = reply.stack;
  return error;
}

export class ParseThread {
  private nextId = 0;
  private readonly jobs = new Map<number, Job>();
  /** replies are handled one after another: a chunk's records go in before the next chunk's */
  private handling: Promise<void> = Promise.resolve();
  private stopped: Error | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: ParseReply) => {
      this.handling = this.handling.then(() => this.handle(reply));
    });
    const fail = (err: Error) => {
      this.stopped ??= err;
      for (const job of this.jobs.values()) job.reject(err);
      this.jobs.clear();
    };
    whenThreadStops(worker, 'parse', fail);
  }

  static open(): ParseThread {
    // a young generation of 3 × 64 MB: a file's per-row garbage (cells, rows, strings) dies there instead of being promoted
    return new ParseThread(startThread(new URL('./parse-thread.js', import.meta.url), null, { maxYoungGenerationSizeMb: 192 }));
  }

  /**
   * Parses one file there; resolves with it parsed and its records decoded
   * here (none with `keepRecords: false`: a file only stored). `onChunk` gets
   * each chunk once decoded, in file order (the store stream); the thread
   * waits while it is pending.
   */
  parse(
    source: SourceSpec,
    ctx: IngestContext,
    fingerprint: FileFingerprint,
    onChunk: (chunk: PackedChunk) => Promise<void>,
    { keepRecords = true }: { keepRecords?: boolean } = {},
  ): Promise<ThreadParsed> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    const places: Place[] = [];
    return new Promise<ThreadParsed>((resolve, reject) => {
      this.jobs.set(id, {
        decode: keepRecords
          ? recordDecoder(source.kind, extractIdOf(fingerprint.sha256), displayNameOf(source), places, decodeShare(ctx.sharedIds))
          : null,
        places,
        records: [],
        onChunk,
        onProgress: ctx.onProgress,
        failure: null,
        resolve,
        reject,
      });
      this.worker.postMessage({ type: 'parse', id, source, params: ctx.params, fingerprint } satisfies ParseRequest);
    });
  }

  private async handle(reply: ParseReply): Promise<void> {
    const job = this.jobs.get(reply.id);
    if (reply.type === 'chunk') {
      if (job && !job.failure) {
        try {
          const decode = job.decode;
          if (decode) {
            for (const place of reply.places) job.places.push(Object.freeze(place));
            const rows = reply.chunk.rows;
            const texts = packedTexts(reply.chunk);
            for (let i = 0; i < texts.length; i++) job.records.push(decode(rows[i]!, texts[i]!));
          }
          job.onProgress?.(reply.read);
          await job.onChunk(reply.chunk);
        } catch (err) {
          job.failure = err instanceof Error ? err : new Error(String(err));
          // nothing more of this file is wanted: the thread stops at its next chunk
          this.worker.postMessage({ type: 'cancel', id: reply.id } satisfies ParseRequest);
        }
      }
      // taken even when not used: the thread counts every chunk it posts
      this.worker.postMessage({ type: 'taken', id: reply.id } satisfies ParseRequest);
      return;
    }
    if (!job) return;
    this.jobs.delete(reply.id);
    if (job.failure) job.reject(job.failure);
    else if (reply.type === 'failed') job.reject(threadError(reply));
    else {
      job.onProgress?.(reply.parsed.read);
      job.resolve({ parsed: { ...reply.parsed, records: job.records }, placesJson: reply.places });
    }
  }

  /** Ends the thread (a file being parsed is abandoned). */
  async close(): Promise<void> {
    if (this.stopped) return;
    this.stopped = new Error('the parse thread was closed');
    await this.worker.terminate();
  }
}
