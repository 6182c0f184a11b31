/**
 * exceljs' streaming WorkbookReader with fixes for what exceljs 4.4 misreads:
 * - it decodes each XML chunk on its own (utils/parse-sax.js → TextDecoder
 *   without `stream`), so a Chinese character cut at a chunk boundary becomes
 *   U+FFFD (seen on real sheets: `正��`): our parse-sax decodes with `stream: true`;
 * - an inline string (`<is>`) keeps only its last run, and a phonetic guide
 *   (`<rPh>`, pinyin over a name) replaces the text it annotates: our
 *   parse-sax drops the guides and hands a whole `<is>` over as one text;
 * - a number typed into a date-formatted cell (20240501) becomes a date of
 *   the year 57316: worksheet-reader gets an excelToDate that keeps such numbers;
 * - workbook relationships with absolute targets (`/xl/worksheets/sheet1.xml`,
 *   as openpyxl writes them) leave every sheet unnamed: they are made relative.
 * The stream reader modules are loaded afresh with these; the rest of exceljs
 * (and anyone else's copy of it) is untouched.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { isReadableYear, LAST_SERIAL_DAY } from '../normalise/date.js';

const require = createRequire(import.meta.url);

type SaxEvent = { eventType: string; value: unknown };
type SaxTag = { name: string };

function fixedParseSax(SaxesParser: new () => { on(e: string, f: (v: unknown) => void): void; write(s: string): void }) {
  return async function* parseSax(iterable: AsyncIterable<Buffer | string>): AsyncGenerator<SaxEvent[]> {
    const parser = new SaxesParser();
    const decoder = new TextDecoder('utf-8');
    let error: unknown;
    let events: SaxEvent[] = [];
    // <rPh> depth: a phonetic guide's text is no part of the string
    let phonetic = 0;
    // inside a string (<si> shared, <is> inline) only the text of its <t>s counts
    let string: 'si' | 'is' | null = null;
    let inT = false;
    parser.on('error', (err) => (error = err));
    parser.on('opentag', (value) => {
      const { name } = value as SaxTag;
      if (phonetic > 0 || name === 'rPh') {
        if (name === 'rPh') phonetic++;
        return;
      }
      if (name === 'si' || name === 'is') string = name;
      else if (string && name === 't') {
        inT = true;
        // worksheet-reader starts the cell's text afresh at each <t>: an inline string's runs go on one text
        if (string === 'is') return;
      }
      events.push({ eventType: 'opentag', value });
    });
    parser.on('text', (value) => {
      if (phonetic > 0 || (string && !inT)) return;
      events.push({ eventType: 'text', value });
    });
    parser.on('closetag', (value) => {
      const { name } = value as SaxTag;
      if (phonetic > 0) {
        if (name === 'rPh') phonetic--;
        return;
      }
      if (name === string) string = null;
      else if (string && name === 't') {
        inT = false;
        if (string === 'is') return;
      }
      events.push({ eventType: 'closetag', value });
    });
    for await (const chunk of iterable) {
      parser.write(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
      if (error) throw error;
      yield events;
      events = [];
    }
  };
}

type ExcelToDate = (serial: number, date1904?: boolean) => Date;

/**
 * exceljs' excelToDate for worksheet-reader: a date-formatted cell whose
 * number makes no day of 1900–2100 keeps its number when it can be no serial
 * day (20240501 and 202405 typed, or an ID), which parseDate reads as the
 * contract says; any other is an invalid date, read as unreadable.
 */
function plausibleExcelToDate(excelToDate: ExcelToDate): (serial: number, date1904?: boolean) => Date | number {
  return (serial, date1904) => {
    const date = excelToDate(serial, date1904);
    if (isReadableYear(date.getUTCFullYear())) return date;
    return serial > LAST_SERIAL_DAY ? serial : new Date(Number.NaN);
  };
}

let readerClass: typeof ExcelJS.stream.xlsx.WorkbookReader | undefined;

function exceljsRoot(): string {
  return path.dirname(require.resolve('exceljs/package.json'));
}

function workbookReaderClass(): typeof ExcelJS.stream.xlsx.WorkbookReader {
  if (readerClass) return readerClass;
  const lib = (p: string) => path.join(exceljsRoot(), 'lib', p);
  const parseSaxPath = lib('utils/parse-sax.js');
  const utilsPath = lib('utils/utils.js');
  const [workbookReader, worksheetReader, hyperlinkReader] = ['workbook', 'worksheet', 'hyperlink'].map((m) => lib(`stream/xlsx/${m}-reader.js`)) as [string, string, string];
  const { SaxesParser } = require(require.resolve('saxes', { paths: [exceljsRoot()] })) as { SaxesParser: never };
  // all of exceljs first, as its own modules: what the stream reader needs and loads below is
  // then cached already, and a later `import 'exceljs'` never gets a module made with our parse-sax
  require('exceljs');
  const utils = require(utilsPath) as { excelToDate: ExcelToDate };
  const streamReaders = [workbookReader, worksheetReader, hyperlinkReader];
  const saved = new Map([parseSaxPath, utilsPath, ...streamReaders].map((p) => [p, require.cache[p]]));
  const replace = (p: string, exports: unknown) => {
    require.cache[p] = { id: p, filename: p, loaded: true, exports } as unknown as NodeJS.Module;
  };
  const restore = (p: string) => {
    const module = saved.get(p);
    if (module) require.cache[p] = module;
    else delete require.cache[p];
  };
  for (const m of streamReaders) delete require.cache[m];
  replace(parseSaxPath, fixedParseSax(SaxesParser));
  try {
    // loaded once first so that the modules it uses are cached with exceljs' own utils;
    // then again, alone, with our excelToDate
    require(worksheetReader);
    delete require.cache[worksheetReader];
    replace(utilsPath, { ...utils, excelToDate: plausibleExcelToDate(utils.excelToDate) });
    require(worksheetReader);
    restore(utilsPath);
    readerClass = require(workbookReader) as typeof ExcelJS.stream.xlsx.WorkbookReader;
  } finally {
    // later requires of exceljs internals get the original modules back
    for (const p of [parseSaxPath, utilsPath, ...streamReaders]) restore(p);
  }
  return readerClass;
}

/** The parts of exceljs 4.4's WorkbookReader that read a workbook's small parts. */
interface WorkbookParts {
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncIterable<unknown>;
  workbookRels?: { Type?: string; Target?: string }[];
  sharedStrings?: unknown[];
}

interface ZipDirectory {
  files: { path: string; stream(): Readable }[];
}

/**
 * A workbook relationship's target as exceljs matches it, relative to xl/
 * (`worksheets/sheet1.xml`): openpyxl writes it absolute (`/xl/worksheets/sheet1.xml`).
 */
function relativeTarget(target: string): string {
  const full = path.posix.normalize(target.startsWith('/') ? target : `/xl/${target}`);
  return full.startsWith('/xl/') ? full.slice('/xl/'.length) : full;
}

/** A part's path in the zip from its (relative) target. */
function partPath(target: string): string {
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
}

/**
 * exceljs' streaming reader over an XLSX file with its small parts (sheet
 * names, styles, shared strings) already read out of the zip's directory;
 * the streaming pass then skips them. Excel writes them after the sheets:
 * exceljs would copy every sheet met before them to a temporary file in the
 * system's temp folder and read it back at the end, where a temp cleaner or a
 * full disk loses it (and exceljs' own writer puts the sheet names after the
 * sheets, which the stream cannot name). Only these parts are read before
 * (unzipper, exceljs' own zip reader, seeks to them): a big workbook is still
 * streamed once, sheet by sheet. Throws a plain Error for a file that is no
 * such workbook; the caller names the file.
 */
export async function openWorkbookStream(filePath: string): Promise<ExcelJS.stream.xlsx.WorkbookReader> {
  const WorkbookReader = workbookReaderClass();
  const reader = new WorkbookReader(filePath, {
    sharedStrings: 'cache',
    styles: 'cache', // needed to tell date cells from numbers
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  const parts = reader as unknown as WorkbookParts;
  const unzipper = require(require.resolve('unzipper', { paths: [exceljsRoot()] })) as { Open: { file(file: string): Promise<ZipDirectory> } };
  const directory = await unzipper.Open.file(filePath);
  // some writers store entries as `/xl/…`
  const part = (name: string) => directory.files.find((entry) => entry.path.replace(/^\.?\//, '') === name);
  for (const name of ['xl/_rels/workbook.xml.rels', 'xl/workbook.xml']) if (!part(name)) throw new Error(`no ${name} in the zip`);
  await parts._parseRels(part('xl/_rels/workbook.xml.rels')!.stream());
  for (const rel of parts.workbookRels ?? []) if (rel.Target) rel.Target = relativeTarget(rel.Target);
  await parts._parseWorkbook(part('xl/workbook.xml')!.stream());
  const related = (type: string) => parts.workbookRels?.find((rel) => rel.Type?.endsWith(`/${type}`))?.Target;
  const stylesTarget = related('styles');
  const styles = part(stylesTarget ? partPath(stylesTarget) : 'xl/styles.xml');
  if (styles) await parts._parseStyles(styles.stream());
  const sharedStringsTarget = related('sharedStrings');
  const sharedStrings = part(sharedStringsTarget ? partPath(sharedStringsTarget) : 'xl/sharedStrings.xml');
  if (sharedStrings) {
    // kept on the reader (sharedStrings: 'cache'); the loop only drives the parse
    for await (const _ of parts._parseSharedStrings(sharedStrings.stream())) void _;
  } else if (sharedStringsTarget) {
    // its text cells would read as blanks
    throw new Error(`the shared strings part ${partPath(sharedStringsTarget)} is missing`);
  } else parts.sharedStrings = []; // inline strings only: sheets may still be read as they come
  // the streaming pass meets these parts again (and drains them): once is enough
  const skip = async () => undefined;
  parts._parseRels = parts._parseWorkbook = parts._parseStyles = skip;
  parts._parseSharedStrings = async function* () {};
  return reader;
}
