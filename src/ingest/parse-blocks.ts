/**
 * Parses one big CSV on two parse threads at once, for a file only stored
 * (`recon ingest`, ingest jobs): the parse thread is what limits ingest, and
 * the store thread leaves the second core half idle.
 *
 * The file is cut into blocks of about BLOCK_BYTES, each just after a line
 * break, and the threads take blocks in turn. A block is parsed on its own
 * (read-source.ts with a `ParseBlock`): rows counted from its start, places
 * listed per block, and it reads on past its end until the record under way
 * there ends (readers/csv.ts, CsvBlock). Blocks are handed on in file order;
 * a block is used only if it started where the block before ended, which is
 * always so unless a quoted cell holds a line break at the cut: then it is
 * parsed again from there. Rows and rejects are renumbered as the file counts
 * them, and `extract.places` lists each block's places with the first row
 * they serve (record-codec.ts reads both forms).
 *
 * Any error a block reports comes from the file (an undecodable byte, a
 * header beyond the first block); ingest then reads the file again on one
 * thread, which reports it as it always has.
 */
import fs from 'node:fs';
import type { Worker } from 'node:worker_threads';
import { InputError } from '../errors.js';
import { startThread, whenThreadStops } from '../start-thread.js';
import type { PackedChunk } from './chunks.js';
import type { ThreadParsed } from './parse-thread-client.js';
import type { ParseReply, ParseRequest } from './parse-thread.js';
import type { BlockHeader } from './read-source.js';
import { looksLikeOle, looksLikeZip, type FileFingerprint } from './readers/fingerprint.js';
import type { IngestContext, ParsedSource, RejectedRow, SourceSpec } from './types.js';

/** A block's bytes: a few thousand rows, its records (a few megabytes of text) held until the blocks before it are handed on. */
export const BLOCK_BYTES = 4 << 20;
/** Below this a file is parsed on one thread: two blocks' worth gains little against the threads' start. */
export const BLOCK_PARSE_MIN_BYTES = 4 * BLOCK_BYTES;
const THREADS = 2;
/** Blocks handed out and not yet handed on: each thread one at work and one waiting. */
const BLOCKS_AHEAD = 2 * THREADS;

/** True for a CSV big enough to be worth parsing in blocks. */
export function suitsBlocks(fingerprint: FileFingerprint): boolean {
  return fingerprint.size >= BLOCK_PARSE_MIN_BYTES && !looksLikeZip(fingerprint.head) && !looksLikeOle(fingerprint.head);
}

/** Where blocks start: 0, then just after the first line break at or after each multiple of `blockBytes`; the file's size last. */
export function blockCuts(filePath: string, size: number, blockBytes: number): number[] {
  const cuts = [0];
  const fd = fs.openSync(filePath, 'r');
  try {
    const piece = Buffer.alloc(1 << 16);
    for (let nominal = blockBytes; nominal < size; nominal += blockBytes) {
      let at = Math.max(nominal, cuts[cuts.length - 1]!);
      let cut = size;
      while (at < size) {
        const got = fs.readSync(fd, piece, 0, piece.length, at);
        if (got === 0) break;
        const lf = piece.subarray(0, got).indexOf(0x0a);
        if (lf !== -1) {
          cut = at + lf + 1;
          break;
        }
        at += got;
      }
      if (cut >= size) break;
      if (cut > cuts[cuts.length - 1]!) cuts.push(cut);
    }
  } finally {
    fs.closeSync(fd);
  }
  cuts.push(size);
  return cuts;
}

type BlockDone = Extract<ParseReply, { type: 'blockDone' }>;

/** One block handed to a thread: its replies as they come. */
class BlockJob {
  readonly chunks: Extract<ParseReply, { type: 'chunk' }>[] = [];
  done: BlockDone | null = null;
  error: Error | null = null;
  /** no longer wanted (it started at the wrong place): its replies are dropped */
  discarded = false;
  private wake: (() => void) | null = null;

  constructor(
    readonly id: number,
    readonly index: number,
    readonly start: number,
    readonly thread: BlockThread,
  ) {}

  settled(): boolean {
    return this.done !== null || this.error !== null;
  }

  notify(): void {
    this.wake?.();
    this.wake = null;
  }

  /** Resolves when a reply has come since the caller last looked. */
  changed(): Promise<void> {
    return new Promise((resolve) => (this.wake = resolve));
  }
}

interface BlockThread {
  worker: Worker;
  /** blocks asked of it and not finished */
  load: number;
}

/** The file's stats summed over its blocks, rows renumbered. */
class Totals {
  read = 0;
  accepted = 0;
  unreadable: Record<string, number> = {};
  outOfVocabulary: Record<string, number> = {};
  unresolvedPlaces = 0;
  rejects: RejectedRow[] = [];
  fromRows: number[] = [];
  placeLists: string[] = [];

  add(block: ParsedSource, places: string, rowOffset: number): void {
    this.read += block.read;
    this.accepted += block.accepted;
    for (const [field, n] of Object.entries(block.unreadable)) this.unreadable[field] = (this.unreadable[field] ?? 0) + n;
    for (const [field, n] of Object.entries(block.outOfVocabulary)) this.outOfVocabulary[field] = (this.outOfVocabulary[field] ?? 0) + n;
    this.unresolvedPlaces += block.unresolvedPlaces;
    for (const reject of block.rejects) this.rejects.push({ ...reject, row: reject.row + rowOffset });
    this.fromRows.push(rowOffset + 1);
    this.placeLists.push(places);
  }

  /** One block: the plain list, as a file parsed whole stores it. */
  placesJson(): string {
    if (this.placeLists.length === 1) return this.placeLists[0]!;
    return `{"fromRows":${JSON.stringify(this.fromRows)},"lists":[${this.placeLists.join(',')}]}`;
  }
}

export class BlockParser {
  private nextId = 0;
  private readonly jobs = new Map<number, BlockJob>();
  private stopped: Error | null = null;

  private constructor(private readonly threads: BlockThread[]) {
    for (const thread of threads) {
      thread.worker.on('message', (reply: ParseReply) => this.receive(reply));
      whenThreadStops(thread.worker, 'parse', (err) => {
        this.stopped ??= err;
        for (const job of this.jobs.values()) {
          job.error ??= err;
          job.notify();
        }
      });
    }
  }

  static open(threads = THREADS): BlockParser {
    // as ParseThread.open: a young generation a block's garbage dies in
    const start = () => startThread(new URL('./parse-thread.js', import.meta.url), null, { maxYoungGenerationSizeMb: 192 });
    return new BlockParser(Array.from({ length: threads }, () => ({ worker: start(), load: 0 })));
  }

  private receive(reply: ParseReply): void {
    const job = this.jobs.get(reply.id);
    if (!job) return;
    if (reply.type === 'chunk') {
      if (!job.discarded) job.chunks.push(reply);
    }
    else if (reply.type === 'header') this.header?.(reply.header);
    else if (reply.type === 'blockDone') job.done = reply;
    else if (reply.type === 'failed') job.error = reply.input ? new InputError(reply.message, reply.where) : new Error(reply.message);
    if (job.settled()) {
      job.thread.load--;
      this.jobs.delete(job.id);
    }
    job.notify();
  }

  /** set while a first block is being read: its header, as soon as found */
  private header: ((header: BlockHeader) => void) | null = null;

  private ask(index: number, start: number, end: number, base: Extract<ParseRequest, { type: 'block' }>, header?: BlockHeader): BlockJob {
    const thread = this.threads.reduce((least, t) => (t.load < least.load ? t : least));
    const job = new BlockJob(this.nextId++, index, start, thread);
    this.jobs.set(job.id, job);
    thread.load++;
    const request: ParseRequest = { ...base, id: job.id, csv: { ...base.csv, start, end }, ...(header ? { header } : {}) };
    thread.worker.postMessage(request);
    return job;
  }

  /**
   * The file's records, chunk by chunk in file order with rows as the file
   * counts them, to `onChunk`; resolves with its stats and rejects (no
   * records) and its places. Rejects with an InputError when the file should
   * be read whole instead (see the top of this file).
   */
  async parse(
    source: SourceSpec,
    ctx: IngestContext,
    fingerprint: FileFingerprint,
    onChunk: (chunk: PackedChunk) => Promise<void>,
    { keepRecords = false, blockBytes = BLOCK_BYTES }: { keepRecords?: boolean; blockBytes?: number } = {},
  ): Promise<ThreadParsed> {
    if (this.stopped) throw this.stopped;
    if (keepRecords) throw new Error('a file parsed in blocks is only stored: its records are not kept');
    const size = fingerprint.size;
    const cuts = blockCuts(source.path, size, blockBytes);
    const base: Extract<ParseRequest, { type: 'block' }> = {
      type: 'block',
      id: 0,
      source,
      params: ctx.params,
      fingerprint,
      csv: { start: 0, end: 0, fileSize: size },
    };
    const blocks = cuts.length - 1;
    const jobs: (BlockJob | undefined)[] = [];
    let header: BlockHeader | null = null;
    let handedOut = 1;
    let handedOn = 0;
    /** blocks after the first, guessed to start at their cut, as threads and room allow */
    const pump = () => {
      if (!header) return;
      while (handedOut < blocks && handedOut - handedOn < BLOCKS_AHEAD) {
        const index = handedOut++;
        jobs[index] = this.ask(index, cuts[index]!, cuts[index + 1]!, { ...base, csv: { ...base.csv, newline: header.newline } }, header);
      }
    };
    this.header = (found) => {
      header = found;
      pump();
    };
    jobs[0] = this.ask(0, 0, cuts[1]!, base);
    const totals = new Totals();
    let first: ParsedSource | null = null;
    let stop = 0;
    let rowOffset = 0;
    try {
      for (let index = 0; index < blocks; index++) {
        const end = cuts[index + 1]!;
        let job = jobs[index];
        jobs[index] = undefined;
        if (stop >= end) {
          // the block before read on over all of this one
          if (job) job.discarded = true;
          handedOn++;
          pump();
          continue;
        }
        if (!job || job.start !== stop) {
          // a quoted line break at the cut: this block starts where the one before ended
          if (job) job.discarded = true;
          job = this.ask(index, stop, end, { ...base, csv: { ...base.csv, newline: header!.newline } }, header!);
        }
        let done: BlockDone | null = null;
        for (let taken = 0; ; ) {
          while (taken < job.chunks.length) {
            const { chunk, read } = job.chunks[taken]!;
            job.chunks[taken++] = undefined as never;
            for (let i = 0; i < chunk.rows.length; i++) chunk.rows[i] = chunk.rows[i]! + rowOffset;
            ctx.onProgress?.(totals.read + read);
            await onChunk(chunk);
          }
          if (job.error) throw job.error;
          if (job.done && taken === job.chunks.length) {
            done = job.done;
            break;
          }
          await job.changed();
        }
        first ??= (done as BlockDone).parsed;
        totals.add(done.parsed, done.places, rowOffset);
        stop = done.stop;
        rowOffset += done.records;
        handedOn++;
        pump();
      }
    } finally {
      this.header = null;
      for (const job of jobs) if (job) job.discarded = true;
    }
    if (!first) throw new InputError(`${source.displayName ?? source.path}: no blocks read`, {});
    const parsed: ParsedSource = {
      ...first,
      read: totals.read,
      accepted: totals.accepted,
      rejected: totals.rejects.length,
      unreadable: totals.unreadable,
      outOfVocabulary: totals.outOfVocabulary,
      unresolvedPlaces: totals.unresolvedPlaces,
      records: [],
      rejects: totals.rejects,
    };
    ctx.onProgress?.(parsed.read);
    return { parsed, placesJson: totals.placesJson() };
  }

  async close(): Promise<void> {
    if (this.stopped) return;
    this.stopped = new Error('the parse threads were closed');
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }
}
