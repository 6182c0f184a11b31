/**
 * `recon ingest <file> --kind <kind> [--db …] [--sheet …] [--encoding …]`:
 * reads one extract as a run would and prints what was read, accepted and
 * rejected (a clerk checks a file before handing it over). With --db the
 * file is also stored (same file twice: nothing added).
 */
import path from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../errors.js';
import { ingestFile, readSource, type ParsedSource, type SourceSpec } from '../ingest/index.js';
import { SOURCE_KINDS, type SourceKind } from '../model/records.js';
import { resolveParams } from '../pipeline/params.js';
import { withDb } from './with-db.js';

interface IngestOptions {
  kind: string;
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

export function register(program: Command): void {
  program
    .command('ingest')
    .description('Read one extract as a run would and report rows read, accepted and rejected; with --db, store it too.')
    .argument('<file>', 'the extract (CSV or XLSX)')
    .requiredOption('--kind <kind>', `source kind: ${SOURCE_KINDS.join(', ')}`)
    .option('--db <url>', 'also store it: SQLite file or postgres:// URL')
    .option('--sheet <name>', 'XLSX: the sheet to read (default: the first)')
    .option('--encoding <label>', 'CSV: the encoding (default: detected, UTF-8 or GB18030)')
    .option('--as-of <date>', 'the as-of date ID birth dates are checked against (default: today)')
    .option('--region <code>', 'province, city or county code scoping place names (default: 37)')
    .action(async (file: string, options: IngestOptions) => {
      if (!(SOURCE_KINDS as readonly string[]).includes(options.kind)) {
        throw new InputError(`--kind "${options.kind}" is not one of ${SOURCE_KINDS.join(', ')}`);
      }
      const params = resolveParams(
        { ...(options.asOf ? { asOf: options.asOf } : {}), ...(options.region ? { region: options.region } : {}) },
        'command line',
      );
      const source: SourceSpec = {
        kind: options.kind as SourceKind,
        path: path.resolve(file),
        displayName: file,
        ...(options.encoding ? { encoding: options.encoding } : {}),
        ...(options.sheet ? { sheet: options.sheet } : {}),
      };
      const onProgress = (rows: number) => {
        if (process.stderr.isTTY) process.stderr.write(`\rrecon: ${rows} rows read`);
      };
      let lines: string[];
      if (options.db) {
        const result = await withDb(options.db, (db) => ingestFile(db, source, { params, onProgress }, { exclusive: true }));
        lines = describeParsed(result, result.alreadyIngested ? 'already stored' : 'stored');
      } else {
        lines = describeParsed(await readSource(source, { params, onProgress }), null);
      }
      if (process.stderr.isTTY) process.stderr.write('\n');
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
