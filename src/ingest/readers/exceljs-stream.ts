/**
 * exceljs' streaming WorkbookReader with one fix: exceljs 4.4 decodes each
 * XML chunk on its own (utils/parse-sax.js → TextDecoder without `stream`),
 * so a Chinese character cut at a chunk boundary becomes U+FFFD (seen on
 * real sheets: `正��`). We load the stream reader modules afresh with a
 * parse-sax that decodes chunk-wise with `stream: true`; the rest of exceljs
 * (and anyone else's copy of it) is untouched.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type ExcelJS from 'exceljs';

const require = createRequire(import.meta.url);

type SaxEvent = { eventType: string; value: unknown };

function fixedParseSax(SaxesParser: new () => { on(e: string, f: (v: unknown) => void): void; write(s: string): void }) {
  return async function* parseSax(iterable: AsyncIterable<Buffer | string>): AsyncGenerator<SaxEvent[]> {
    const parser = new SaxesParser();
    const decoder = new TextDecoder('utf-8');
    let error: unknown;
    let events: SaxEvent[] = [];
    parser.on('error', (err) => (error = err));
    parser.on('opentag', (value) => events.push({ eventType: 'opentag', value }));
    parser.on('text', (value) => events.push({ eventType: 'text', value }));
    parser.on('closetag', (value) => events.push({ eventType: 'closetag', value }));
    for await (const chunk of iterable) {
      parser.write(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
      if (error) throw error;
      yield events;
      events = [];
    }
  };
}

let readerClass: typeof ExcelJS.stream.xlsx.WorkbookReader | undefined;

export function workbookReaderClass(): typeof ExcelJS.stream.xlsx.WorkbookReader {
  if (readerClass) return readerClass;
  const exceljsRoot = path.dirname(require.resolve('exceljs/package.json'));
  const lib = (p: string) => path.join(exceljsRoot, 'lib', p);
  const parseSaxPath = lib('utils/parse-sax.js');
  const streamModules = [lib('stream/xlsx/workbook-reader.js'), lib('stream/xlsx/worksheet-reader.js'), lib('stream/xlsx/hyperlink-reader.js')];
  const { SaxesParser } = require(require.resolve('saxes', { paths: [exceljsRoot] })) as { SaxesParser: never };
  const saved = require.cache[parseSaxPath];
  for (const m of streamModules) delete require.cache[m];
  require.cache[parseSaxPath] = {
    id: parseSaxPath,
    filename: parseSaxPath,
    loaded: true,
    exports: fixedParseSax(SaxesParser),
  } as unknown as NodeJS.Module;
  try {
    readerClass = require(streamModules[0]!) as typeof ExcelJS.stream.xlsx.WorkbookReader;
  } finally {
    // later requires of exceljs internals get the original module back
    if (saved) require.cache[parseSaxPath] = saved;
    else delete require.cache[parseSaxPath];
  }
  return readerClass;
}
