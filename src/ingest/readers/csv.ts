/**
 * Streaming CSV reader: bytes → TextDecoder (chunk-wise, `stream: true`,
 * fatal so a wrong encoding fails instead of producing mojibake) → papaparse
 * in Node stream mode → batches of rows. `row` is the 1-based record number,
 * so a quoted field holding a line break does not shift it.
 */
import fs from 'node:fs';
import { Transform } from 'node:stream';
import Papa from 'papaparse';
import { InputError } from '../../errors.js';
import { BATCH_SIZE, type RawRow } from './raw-row.js';

class DecodeStream extends Transform {
  private readonly decoder: InstanceType<typeof TextDecoder>;

  constructor(encoding: string) {
    super({ decodeStrings: true, readableObjectMode: false });
    this.decoder = new TextDecoder(encoding, { fatal: true });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null, data?: string) => void): void {
    try {
      done(null, this.decoder.decode(chunk, { stream: true }));
    } catch (err) {
      done(err as Error);
    }
  }

  override _flush(done: (err?: Error | null, data?: string) => void): void {
    try {
      done(null, this.decoder.decode());
    } catch (err) {
      done(err as Error);
    }
  }
}

/** Checks that Node knows an encoding label (`gbk`, `gb18030`, `utf-8`, …). */
export function assertEncoding(encoding: string, file: string): void {
  try {
    new TextDecoder(encoding);
  } catch {
    throw new InputError(`${file}: unknown encoding "${encoding}"`, { file });
  }
}

export async function* readCsvRows(filePath: string, encoding: string, file: string): AsyncGenerator<RawRow[]> {
  assertEncoding(encoding, file);
  const source = fs.createReadStream(filePath, { highWaterMark: 1 << 20 });
  const decode = new DecodeStream(encoding);
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, { delimiter: ',', skipEmptyLines: false }) as NodeJS.ReadWriteStream;
  // a read or decode error ends the parser's iterator with that error
  source.on('error', (err) => (parser as unknown as NodeJS.ReadableStream & { destroy(e: Error): void }).destroy(err));
  decode.on('error', (err) => (parser as unknown as NodeJS.ReadableStream & { destroy(e: Error): void }).destroy(err));
  source.pipe(decode).pipe(parser);

  let record = 0;
  let batch: RawRow[] = [];
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      batch.push({ row: ++record, cells });
      if (batch.length >= BATCH_SIZE) {
        yield batch;
        batch = [];
      }
    }
  } catch (err) {
    if (err instanceof TypeError) {
      throw new InputError(`${file}: cannot be decoded as ${encoding} (near record ${record + 1}); give the right "encoding"`, { file });
    }
    throw new InputError(`${file}: cannot be read (${err instanceof Error ? err.message : String(err)})`, { file });
  } finally {
    source.destroy();
  }
  if (batch.length > 0) yield batch;
}
