/**
 * Parse + normalise one file without a database: fingerprint (sha256,
 * encoding), stream the rows, find the header, map each data row to a record
 * or a reject, and count what was unreadable, out of vocabulary or unplaced.
 */
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { InputError } from '../errors.js';
import type { Origin, SourceKind } from '../model/records.js';
import { HEADER_MIN_MATCHES, HeaderMatcher, normaliseHeaderText } from './header.js';
import { assessmentMapper } from './map/assessment.js';
import { dibaoMapper, educationMapper, medicalMapper, tekunMapper } from './map/departments.js';
import { FieldReader } from './map/field-reader.js';
import type { RowMapper } from './map/mapper.js';
import { systemMapper } from './map/system.js';
import { cellText, isBlankCell, type Cell } from './normalise/text.js';
import { readCsvRows } from './readers/csv.js';
import { fingerprintFile, looksLikeOle, looksLikeZip, type FileFingerprint } from './readers/fingerprint.js';
import type { RawRow } from './readers/raw-row.js';
import { readXlsxRows, type XlsxSheetInfo } from './readers/xlsx.js';
import { divisionTable } from './region/division-table.js';
import { PlaceResolver } from './region/place-resolver.js';
import { loadCommonVocab, loadSourceSchema, type SourceSchema } from './source-schema.js';
import type { AnyRecord, IngestContext, ParsedSource, RejectedRow, SourceSpec } from './types.js';

/** Title rows above the header: the contract says one to five; allow some slack before giving up. */
const MAX_HEADER_SEARCH_ROWS = 30;
const DEFAULT_PROVINCE = '37';

const MAPPERS: Record<SourceKind, (schema: SourceSchema, fields: FieldReader) => RowMapper> = {
  system: systemMapper,
  medical: medicalMapper,
  education: educationMapper,
  dibao: dibaoMapper,
  tekun: tekunMapper,
  assessment: assessmentMapper,
};

/** One resolver per region per process: building it indexes the province's ~90k villages, and its cache serves every file. */
const placeResolvers = new Map<string, Promise<PlaceResolver>>();

function placeResolverFor(region: string): Promise<PlaceResolver> {
  let resolver = placeResolvers.get(region);
  if (!resolver) {
    resolver = divisionTable(region.slice(0, 2)).then((table) => new PlaceResolver(table, region));
    placeResolvers.set(region, resolver);
    // a failed load is not kept: the next file tries again
    resolver.catch(() => placeResolvers.delete(region));
  }
  return resolver;
}

export function displayNameOf(source: SourceSpec): string {
  return source.displayName ?? path.basename(source.path);
}

/** sha256, size and format/encoding facts of a source file; InputError when it is missing or empty. */
export async function fingerprintSource(source: SourceSpec): Promise<FileFingerprint> {
  const file = displayNameOf(source);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(source.path);
  } catch {
    throw new InputError(`${file}: file not found (${source.path})`, { file });
  }
  if (!stat.isFile()) throw new InputError(`${file}: not a file (${source.path})`, { file });
  const fingerprint = await fingerprintFile(source.path);
  if (fingerprint.size === 0) throw new InputError(`${file}: the file is empty`, { file });
  return fingerprint;
}

export function extractIdOf(sha256: string): string {
  return sha256.slice(0, 16);
}

/** Cells as one CSV line, for the rejects list. */
function rawLine(cells: Cell[]): string {
  return Papa.unparse([cells.map((c) => cellText(c))], { newline: '' });
}

/**
 * A totals row: its first filled cell is a totals label itself (合计, 合 计,
 * 本页合计, 合计：120人, 合计（人数）), never a name that starts with one
 * (a village 小计河村 whose county and town cells a merged-cell export left blank).
 */
function totalsRow(cells: Cell[], words: Set<string>): boolean {
  for (const cell of cells) {
    if (isBlankCell(cell)) continue;
    // every label holds 计: a cheap test before the real one, as this runs on every row
    if (typeof cell !== 'string' || !cell.includes('计')) return false;
    const label = cell.replace(/\s+/g, '').replace(/[:：].*$/, '').replace(/[(（][^()（）]*[)）]$/, '');
    return words.has(label);
  }
  return false;
}

export async function readSource(source: SourceSpec, ctx: IngestContext): Promise<ParsedSource> {
  const fingerprint = await fingerprintSource(source);
  return parseSource(source, ctx, fingerprint);
}

/**
 * Accepted records batch by batch, in file order, as they are read (the parse
 * thread serialises them): a file parsed with a sink keeps none itself.
 */
export type RecordSink = (records: AnyRecord[]) => void | Promise<void>;

/**
 * Parses a file already fingerprinted (ingestSource checks the sha256 against
 * the store first). With `sink`, the records go there and the result's list is empty.
 */
export async function parseSource(
  source: SourceSpec,
  ctx: IngestContext,
  fingerprint: FileFingerprint,
  sink?: RecordSink,
): Promise<ParsedSource> {
  const file = displayNameOf(source);
  const extractId = extractIdOf(fingerprint.sha256);
  if (looksLikeOle(fingerprint.head)) {
    throw new InputError(`${file}: an old binary .xls workbook; save it as .xlsx or CSV`, { file });
  }
  const isXlsx = looksLikeZip(fingerprint.head);
  const encoding = isXlsx ? 'xlsx' : (source.encoding ?? (fingerprint.validUtf8 ? 'utf-8' : 'gb18030'));
  const sheetInfo: XlsxSheetInfo = { name: '' };
  const batches = isXlsx
    ? readXlsxRows(source.path, file, source.sheet, sheetInfo)
    : readCsvRows(source.path, encoding, file);

  const schema = loadSourceSchema(source.kind);
  const common = loadCommonVocab();
  const totalsWords = new Set(common.totalsRowWords);
  const matcher = new HeaderMatcher(schema);
  const region = ctx.params.region || DEFAULT_PROVINCE;
  const resolver = await placeResolverFor(region);

  const records: AnyRecord[] = [];
  const rejects: RejectedRow[] = [];
  let read = 0;
  let accepted = 0;
  let header: { row: number; cells: string[] } | null = null;
  let mapRow: RowMapper | null = null;
  let fields: FieldReader | null = null;
  let firstNonBlank: RawRow | null = null;
  /** the row naming the most known columns (fewer than needed): what the clerk meant as the header */
  let nearHeader: { raw: RawRow; matches: number } | null = null;
  let rowsBeforeHeader = 0;
  let probeColumn = 0;
  let headerWidth = 0;
  let headerCellCount = 0;
  const separatorHints = new SeparatorHints();
  /** what to add to a no-header message: the sheet read and the others, or the CSV's apparent separator */
  const whereToLook = (): string => (isXlsx ? sheetHint(sheetInfo) : separatorHints.hint());

  const findHeader = (raw: RawRow) => {
    firstNonBlank ??= raw;
    const matches = matcher.countMatches(raw.cells);
    if (matches < HEADER_MIN_MATCHES) {
      if (matches > (nearHeader?.matches ?? 0)) nearHeader = { raw, matches };
      if (!isXlsx) separatorHints.see(raw.cells);
      if (++rowsBeforeHeader >= MAX_HEADER_SEARCH_ROWS) throw noHeader(file, nearHeader?.raw ?? null, matcher, whereToLook());
      return;
    }
    const columns = matcher.mapColumns(raw.cells);
    const missing = matcher.missingRequired(columns);
    if (missing.length > 0) {
      throw new InputError(`${file}: missing required column(s) ${missing.join(', ')} (header row ${raw.row})`, { file, row: raw.row });
    }
    header = { row: raw.row, cells: raw.cells.map((c) => normaliseHeaderText(cellText(c))) };
    probeColumn = [...columns.values()][0]?.[0] ?? 0;
    // trailing blank header cells do not count as columns
    headerCellCount = raw.cells.length;
    headerWidth = raw.cells.reduce<number>((width, c, i) => (isBlankCell(c) ? width : i + 1), 0);
    fields = new FieldReader(columns, common, ctx.params.asOf, resolver, ctx.sharedIds, ctx.transient);
    mapRow = MAPPERS[source.kind](schema, fields);
  };

  // a page-break copy of the header: tested on one column first (cheap), then on all
  const isRepeatedHeader = (cells: Cell[], headerCells: string[]): boolean => {
    const probe = cells[probeColumn];
    const probeHeader = headerCells[probeColumn] ?? '';
    if (typeof probe !== 'string' || probe.length > probeHeader.length + 16) return false;
    // the header's first character, unless a bracket (full-width in the cell), is in the cell itself: most cells fail here, before the regular expressions
    const first = probeHeader.charAt(0);
    if (first !== '(' && first !== ')' && !probe.includes(first)) return false;
    if (normaliseHeaderText(probe) !== probeHeader) return false;
    let same = 0;
    for (let i = 0; i < headerCells.length && same < HEADER_MIN_MATCHES; i++) {
      if (headerCells[i] !== '' && typeof cells[i] === 'string' && normaliseHeaderText(cells[i] as string) === headerCells[i]) same++;
    }
    return same >= HEADER_MIN_MATCHES;
  };

  for await (const batch of batches) {
    for (const raw of batch) {
      const cells = raw.cells;
      if (cells.every(isBlankCell)) continue;
      if (!header || !mapRow) {
        findHeader(raw);
        continue;
      }
      if (isRepeatedHeader(cells, (header as { cells: string[] }).cells) || totalsRow(cells, totalsWords)) continue;
      read++;
      if (raw.literal && cells.length !== headerCellCount) {
        // a quote papaparse could not pair: re-read on its own, the record still does not fit the header's columns
        rejects.push({ extractId, file, row: raw.row, reason: 'UNMATCHED_QUOTE', raw: rawLine(cells) });
        continue;
      }
      if (!isXlsx && cells.length > headerWidth && cells.slice(headerWidth).some((c) => !isBlankCell(c))) {
        // more values than the header has columns: an unquoted comma shifted the row, so no column can be trusted
        rejects.push({ extractId, file, row: raw.row, reason: 'MALFORMED_ROW', raw: rawLine(cells) });
        continue;
      }
      const origin: Origin = { extractId, file, row: raw.row };
      const outcome = (mapRow as RowMapper)(cells, origin);
      if (typeof outcome !== 'string') {
        records.push(outcome);
        accepted++;
      } else rejects.push({ extractId, file, row: raw.row, reason: outcome, raw: rawLine(cells) });
    }
    ctx.onProgress?.(read);
    if (sink && records.length > 0) await sink(records.splice(0));
  }
  if (!header) {
    const hint = whereToLook();
    if (!firstNonBlank) throw new InputError(`${file}: no rows at all${hint ? `; ${hint}` : ''}`, { file });
    throw noHeader(file, (nearHeader as { raw: RawRow } | null)?.raw ?? null, matcher, hint);
  }
  const reader = fields as unknown as FieldReader;
  return {
    extractId,
    sha256: fingerprint.sha256,
    file,
    path: source.path,
    kind: source.kind,
    encoding,
    sheet: isXlsx ? sheetInfo.name : null,
    headerRow: (header as { row: number }).row,
    read,
    accepted,
    rejected: rejects.length,
    unreadable: reader.unreadable,
    outOfVocabulary: reader.outOfVocabulary,
    unresolvedPlaces: reader.unresolvedPlaces,
    records,
    rejects,
  };
}

/**
 * Lists the cells of the row that named some known columns (the clerk's header
 * with a misspelt column or two). A file where no row names any known column
 * gets no cells echoed: its first row is a person, and messages reach logs and
 * job records.
 */
function noHeader(file: string, nearHeader: RawRow | null, matcher: HeaderMatcher, hint: string): InputError {
  const need = `needs ${HEADER_MIN_MATCHES} known column names`;
  const more = hint ? `; ${hint}` : '';
  if (!nearHeader) return new InputError(`${file}: no header row found (${need}); no row names any known column${more}`, { file });
  const found = nearHeader.cells
    .map((c) => cellText(c).replace(/\s+/g, ''))
    .filter((t) => t !== '')
    .map((t) => (/\d{6,}/.test(t) ? '…' : t))
    .slice(0, 20);
  const known = nearHeader.cells.filter((c) => matcher.fieldOf(c) !== undefined).length;
  return new InputError(
    `${file}: no header row found (${need}); row ${nearHeader.row} has ${known} known: ${found.join(', ')}${more}`,
    { file, row: nearHeader.row },
  );
}

/** A notes or empty first sheet is common: name the sheet read and the ones the clerk may have meant. */
function sheetHint(info: XlsxSheetInfo): string {
  const others = (info.sheets ?? []).filter((name) => name !== info.name);
  const read = `read sheet "${info.name}"`;
  return others.length === 0 ? read : `${read}; other sheets: ${others.map((n) => `"${n}"`).join(', ')} (choose one with --sheet, or "sheet" in a pipeline)`;
}

/**
 * Rows before the header that hold tabs or semicolons: a file saved as
 * "Text (Tab delimited)" or with a European list separator reads as one cell
 * a row, and says so better than "no header".
 */
class SeparatorHints {
  private tabs = 0;
  private semicolons = 0;

  see(cells: Cell[]): void {
    for (const cell of cells) {
      if (typeof cell !== 'string') continue;
      // two or more: one is just a value's punctuation
      if (/\t.*\t/.test(cell)) return void this.tabs++;
      if (/;.*;/.test(cell)) return void this.semicolons++;
    }
  }

  hint(): string {
    if (this.tabs === 0 && this.semicolons === 0) return '';
    const by = this.tabs >= this.semicolons ? 'tabs' : 'semicolons';
    return `the file seems to be separated by ${by}, not commas: save it as CSV (comma delimited)`;
  }
}
