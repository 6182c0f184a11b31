/**
 * `recon ingest <file…> --kind <kind> [--db …] [--sheet …] [--encoding …]`
 * or `recon ingest --pipeline <pipeline.json> [--db …]`: reads extracts as a
 * run would and prints, file by file, what was read, accepted and rejected
 * (a clerk checks files before handing them over). With --db the files are
 * also stored, each in its own transaction (same file twice: nothing added),
 * through one parse thread and one store thread; a file that fails stops the
 * rest, and the files before it stay stored.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../errors.js';
import { ingestFiles, readSource, type IngestResult, type ParsedSource, type SourceSpec } from '../ingest/index.js';
import type { Params } from '../model/params.js';
import { SOURCE_KINDS, type SourceKind } from '../model/records.js';
import { resolveParams } from '../pipeline/params.js';
import { loadPipeline } from '../pipeline/pipeline-file.js';
import { withDb } from './with-db.js';

interface IngestOptions {
  kind?: string;
  pipeline?: string;
  db?: string;
  sheet?: string;
  encoding?: string;
  asOf?: string;
  region?: string;
}

function counts(label: string, byColumn: Record<string, number>): string | null {
  const entries = Object.entries(byColumn);
  return entries.length === 0 ? null : `${label}: ${entries.map(([column, n]) => `${column} ${n}`).join(', ')}`;
}

/** The report: one line per fact; rejects by row and reason only (raw rows hold names and IDs). */
export function describeParsed(parsed: ParsedSource, stored: 'stored' | 'already stored' | null): string[] {
  const lines = [
    `${parsed.file}: ${parsed.kind}, ${parsed.encoding}${parsed.sheet ? `, sheet ${parsed.sheet}` : ''}, header row ${parsed.headerRow}`,
    `read ${parsed.read}, accepted ${parsed.accepted}, rejected ${parsed.rejected}`,
  ];
  const reasons = new Map<string, number[]>();
  for (const reject of parsed.rejects) reasons.set(reject.reason, [...(reasons.get(reject.reason) ?? []), reject.row]);
  for (const [reason, rows] of reasons) {
    lines.push(`  ${reason}: ${rows.length} (rows ${rows.slice(0, 10).join(', ')}${rows.length > 10 ? ', …' : ''})`);
  }
  for (const line of [counts('unreadable', parsed.unreadable), counts('outside the vocabulary', parsed.outOfVocabulary)]) {
    if (line) lines.push(line);
  }
  if (parsed.unresolvedPlaces > 0) lines.push(`places not resolved: ${parsed.unresolvedPlaces} rows`);
  if (stored) lines.push(`${stored} as extract ${parsed.extractId}`);
  return lines;
}

/** The files and parameters asked for: a pipeline's sources, or files of one kind. */
function sourcesOf(files: string[], options: IngestOptions): { sources: SourceSpec[]; params: Params } {
  if (options.pipeline !== undefined) {
    const flags = { kind: '--kind', sheet: '--sheet', encoding: '--encoding', asOf: '--as-of', region: '--region' } as const;
    const given = (Object.keys(flags) as (keyof typeof flags)[]).filter((option) => options[option] !== undefined).map((option) => flags[option]);
    if (files.length > 0 || given.length > 0) {
      throw new InputError(`--pipeline gives the files and their kinds, encodings, sheets, as-of date and region: drop ${[...files, ...given].join(', ')}`);
    }
    const pipeline = loadPipeline(options.pipeline);
    return { sources: pipeline.sources, params: pipeline.params };
  }
  if (files.length === 0) throw new InputError('name the extract(s) to read, or --pipeline <file>');
  if (!options.kind || !(SOURCE_KINDS as readonly string[]).includes(options.kind)) {
    throw new InputError(options.kind ? `--kind "${options.kind}" is not one of ${SOURCE_KINDS.join(', ')}` : `--kind is needed: one of ${SOURCE_KINDS.join(', ')}`);
  }
  const params = resolveParams(
    { ...(options.asOf ? { asOf: options.asOf } : {}), ...(options.region ? { region: options.region } : {}) },
    'command line',
  );
  const sources = files.map((file) => ({
    kind: options.kind as SourceKind,
    path: path.resolve(file),
    displayName: file,
    ...(options.encoding ? { encoding: options.encoding } : {}),
    ...(options.sheet ? { sheet: options.sheet } : {}),
  }));
  return { sources, params };
}

export function register(program: Command): void {
  program
    .command('ingest')
    .description('Read extracts as a run would and report, file by file, rows read, accepted and rejected; with --db, store them too.')
    .argument('[files...]', 'the extract(s) (CSV or XLSX), all of --kind')
    .option('--kind <kind>', `source kind: ${SOURCE_KINDS.join(', ')}`)
    .option('--pipeline <file>', "every source of a pipeline file, with the pipeline's as-of date and region (instead of files and --kind)")
    .option('--db <url>', 'also store them: SQLite file or postgres:// URL')
    .option('--sheet <name>', 'XLSX: the sheet to read (default: the first)')
    .option('--encoding <label>', 'CSV: the encoding (default: detected, UTF-8 or GB18030)')
    .option('--as-of <date>', 'the as-of date ID birth dates are checked against (default: today)')
    .option('--region <code>', 'province, city or county code scoping place names (default: 37)')
    .action(async (files: string[], options: IngestOptions) => {
      const { sources, params } = sourcesOf(files, options);
      const onProgress = (rows: number) => {
        if (process.stderr.isTTY) process.stderr.write(`\rrecon: ${rows} rows read`);
      };
      // each file's report as soon as it is known, so a later file's failure leaves the earlier ones said
      let reported = 0;
      const report = (lines: string[]) => {
        if (process.stderr.isTTY) process.stderr.write('\n');
        process.stdout.write(`${reported++ > 0 ? '\n' : ''}${lines.join('\n')}\n`);
      };
      if (options.db) {
        const onStored = (result: IngestResult) => report(describeParsed(result, result.alreadyIngested ? 'already stored' : 'stored'));
        await withDb(options.db, (db) => ingestFiles(db, sources, { params, onProgress }, { exclusive: true, onStored }));
      } else {
        for (const source of sources) report(describeParsed(await readSource(source, { params, onProgress }), null));
      }
    });
}
