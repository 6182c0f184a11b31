/**
 * Streaming CSV reader: bytes, READ_BYTES at a time → TextDecoder (`stream: true`,
 * fatal so a wrong encoding fails instead of producing mojibake) → papaparse's
 * Parser on each decoded chunk, pulled by the consumer (the file is read only
 * as fast as rows are used) → batches of rows. `row` is the 1-based record
 * number, so a quoted field holding a line break does not shift it.
 *
 * (papaparse's NODE_STREAM_INPUT duplex was measured at ~1,000 rows/s on a
 * 100k-row file; its own stream reader, used before, was ~30 % slower than
 * driving the Parser here on a 2.4M-row file and hid quote errors in the tail
 * it carries, which an unmatched quote grows to the rest of the file.)
 */
import fs from 'node:fs';
import Papa from 'papaparse';
import { InputError } from '../../errors.js';
import { BATCH_SIZE, type RawRow } from './raw-row.js';

/** Checks that Node knows an encoding label (`gbk`, `gb18030`, `utf-8`, …). */
export function assertEncoding(encoding: string, file: string): void {
  try {
    new TextDecoder(encoding);
  } catch {
    throw new InputError(`${file}: unknown encoding "${encoding}"`, { file });
  }
}

/**
 * No real record is this long (Excel caps a cell at 32,767 characters): an
 * unfinished record past it is an unmatched quote swallowing the lines after it.
 */
const MAX_RECORD_CHARS = 1 << 20;
/** Excel's longest cell: a quoted section longer than this is no cell. */
const MAX_CELL_CHARS = 32_767;
/**
 * Bytes read (and decoded, and split) at a time. Small: the decoded text is
 * then an ordinary young object, where a megabyte's text (two, as UTF-16) is
 * a large object V8 allocates outside its young generation each time; 64 KB
 * instead of 1 MB took the 2023 system file's ingest from 8.6 to 7.9 s and a
 * city night 1's ingest stage from 41 to 31 s (README "Benchmarks").
 */
const READ_BYTES = 1 << 16;
/** Reads between two turns of the event loop: about a megabyte, a few dozen milliseconds of parsing. */
const YIELD_EVERY_READS = 16;
/** Text parsed at a time after a quote error (doubled after each clean window). */
const WINDOW_CHARS = 1 << 12;

/** papaparse's own guess of the line break (what its ParserHandle does before parsing), made once on the first text. */
function guessNewline(text: string): string {
  return Papa.parse(text.slice(0, 1 << 20), { preview: 1 }).meta.linebreak;
}

/** A record as split: `literal` when it was re-read after papaparse could not pair a quote in it. */
interface SplitRecord {
  cells: string[];
  literal: boolean;
}

interface PapaResult {
  data: string[][];
  errors: { code: string; row: number }[];
  meta: { cursor: number };
}

/**
 * Splits decoded text into records with papaparse's Parser, chunk by chunk
 * (the tail of a chunk waits for the next one, as papaparse's own streamer
 * does). A record papaparse reports a quote error for (an opening quote never
 * closed, or closed and followed by text: `"李"四`) would swallow the lines
 * after it: it is re-read on its own (unpairedQuoteRecord: as Excel reads it,
 * or, for a quote never closed, its physical line with the quote as a
 * character), as a `literal` row that read-source keeps only when it has the
 * header's column count, else rejects as UNMATCHED_QUOTE; parsing goes on
 * after it, so every line is in a row or a reject.
 */
class RecordSplitter {
  private parser: Papa.Parser | null = null;
  private newline = '\n';
  private carry = '';

  /** Records of `chunk` (after the carried tail); `final` for the end of the file. */
  split(chunk: string, final: boolean, out: SplitRecord[]): void {
    let text = this.carry + chunk;
    this.carry = '';
    if (this.parser === null) {
      if (text === '') return;
      this.newline = guessNewline(text);
      this.parser = new Papa.Parser({ delimiter: ',', newline: this.newline } as Papa.ParseConfig);
    }
    const nl = this.newline;
    // the whole text at once (the fast path); after a quote error, growing windows, so that
    // a file of stray quotes re-parses a window per error, not the chunk
    let window = Infinity;
    for (;;) {
      // parts end at a line break: a quote error is then never an artefact of the cut (`"…"\r|\n`, `"…" |,`)
      const lastBreak = text.lastIndexOf(nl);
      const lastCut = final ? text.length : lastBreak === -1 ? 0 : lastBreak + nl.length;
      const windowBreak = window < text.length ? text.indexOf(nl, window) : -1;
      const end = windowBreak === -1 ? lastCut : Math.min(windowBreak + nl.length, lastCut);
      if (end === 0) {
        this.carry = text;
        return;
      }
      const part = end === text.length ? text : text.slice(0, end);
      const isLast = final && end === text.length;
      const result = this.parser.parse(part, 0, !isLast) as PapaResult;
      const data = result.data;
      if (result.errors.length === 0) {
        for (let i = 0; i < data.length; i++) out.push({ cells: data[i]!, literal: false });
        if (isLast) return;
        const rest = text.slice(result.meta.cursor);
        if (end < lastCut) {
          // a clean window: on after its last whole record, with a bigger window
          window *= 2;
          text = rest;
          continue;
        }
        if (rest.length <= MAX_RECORD_CHARS || rest.indexOf(nl) === -1) {
          this.carry = rest;
          return;
        }
        text = this.literalLine(rest, 0, out);
        window = WINDOW_CHARS;
        continue;
      }
      const bad = result.errors[0]!.row;
      for (let i = 0; i < bad && i < data.length; i++) out.push({ cells: data[i]!, literal: false });
      text = this.unpairedQuoteRecord(text, bad === 0 ? 0 : this.recordStart(part, bad), final, out);
      window = WINDOW_CHARS;
      if (text === '' && final) return;
    }
  }

  /** Where record `index` of `text` starts: papaparse stopping after `index` records says. */
  private recordStart(text: string, index: number): number {
    const upTo = new Papa.Parser({ delimiter: ',', newline: this.newline, preview: index } as Papa.ParseConfig);
    return (upTo.parse(text, 0, false) as PapaResult).meta.cursor;
  }

  /**
   * The record at `start`, which papaparse could not pair a quote in, read as
   * Excel reads one: a quoted section ends at its first lone quote even when
   * text follows (`"李"四` is 李四; `""` inside is one quote), a quote inside an
   * unquoted field is a character, so another field's quoted line break stays
   * in its cell. A section that does not end on its own line, unless it ends
   * cleanly (before a comma or a line break) within a cell's 32,767
   * characters, is an opening quote never closed: then only the physical line
   * is taken (literalLine), so it swallows no line after it; so is a record
   * running past the text read so far. Returns the text after the record.
   */
  private unpairedQuoteRecord(text: string, start: number, final: boolean, out: SplitRecord[]): string {
    const nl = this.newline;
    const cells: string[] = [];
    let cell = '';
    let i = start;
    let fieldStart = true;
    while (i < text.length) {
      if (fieldStart && text.charCodeAt(i) === 34 /* " */) {
        let from = i + 1;
        let close = -1;
        for (let q = text.indexOf('"', from); q !== -1; q = text.indexOf('"', from)) {
          if (text.charCodeAt(q + 1) === 34) {
            cell += `${text.slice(from, q)}"`;
            from = q + 2;
            continue;
          }
          close = q;
          break;
        }
        const next = close + 1;
        const clean = close !== -1 && (next === text.length || text.charCodeAt(next) === 44 /* , */ || text.startsWith(nl, next));
        const spansLines = close === -1 || text.lastIndexOf(nl, close) >= i;
        if (close === -1 || close - i > MAX_CELL_CHARS || (spansLines && !clean)) return this.literalLine(text, start, out);
        cell += text.slice(from, close);
        i = next;
        fieldStart = false;
        continue;
      }
      fieldStart = false;
      if (text.charCodeAt(i) === 44) {
        cells.push(cell);
        cell = '';
        fieldStart = true;
        i++;
      } else if (text.startsWith(nl, i)) {
        cells.push(cell);
        out.push({ cells, literal: true });
        return text.slice(i + nl.length);
      } else cell += text[i++];
    }
    // the record goes on in text not read yet: its line alone, as for a quote never closed
    if (!final) return this.literalLine(text, start, out);
    cells.push(cell);
    out.push({ cells, literal: true });
    return '';
  }

  /** The physical line at `start` split on commas only; returns the text after it. */
  private literalLine(text: string, start: number, out: SplitRecord[]): string {
    const end = text.indexOf(this.newline, start);
    const line = end === -1 ? text.slice(start) : text.slice(start, end);
    out.push({ cells: line.split(','), literal: true });
    return end === -1 ? '' : text.slice(end + this.newline.length);
  }
}

export async function* readCsvRows(filePath: string, encoding: string, file: string): AsyncGenerator<RawRow[]> {
  assertEncoding(encoding, file);
  // fatal: a wrong encoding fails instead of producing mojibake
  const decoder = new TextDecoder(encoding, { fatal: true });
  let fd: number | null = null;

  const splitter = new RecordSplitter();
  const records: SplitRecord[] = [];
  let record = 0;
  let failure: unknown;
  function* batches(): Generator<RawRow[]> {
    for (let i = 0; i < records.length; i += BATCH_SIZE) {
      const batch: RawRow[] = [];
      const end = Math.min(records.length, i + BATCH_SIZE);
      for (let j = i; j < end; j++) {
        const { cells, literal } = records[j]!;
        batch.push(literal ? { row: ++record, cells, literal: true } : { row: ++record, cells });
      }
      yield batch;
    }
    records.length = 0;
  }
  try {
    fd = fs.openSync(filePath, 'r');
    // one buffer, read into again and again (the decoded text is a copy)
    const bytes = Buffer.allocUnsafe(READ_BYTES);
    // pulled chunk by chunk: the file is read only as fast as the rows are used
    for (let reads = 1; ; reads++) {
      const bytesRead = fs.readSync(fd, bytes, 0, READ_BYTES, null);
      if (bytesRead === 0) break;
      splitter.split(decoder.decode(bytes.subarray(0, bytesRead), { stream: true }), false, records);
      yield* batches();
      // reads are synchronous (a read from the page cache costs a fifth of the CPU of a promise's round trip
      // through libuv's pool: scripts/bench/read-cost.ts): the event loop turns every YIELD_EVERY_READS, for a
      // queue worker's lock renewals
      if (reads % YIELD_EVERY_READS === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    splitter.split(decoder.decode(), true, records);
    yield* batches();
  } catch (err) {
    failure = err;
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
  if (failure) {
    const code = (failure as { code?: string }).code;
    if (code === 'ERR_ENCODING_INVALID_ENCODED_DATA' || failure instanceof TypeError) {
      throw new InputError(`${file}: cannot be decoded as ${encoding} (near record ${record + 1}); give the right "encoding"`, { file });
    }
    throw new InputError(`${file}: cannot be read (${failure instanceof Error ? failure.message : String(failure)})`, { file });
  }
}
