/** Child-process measurements for the benchmark: ingest/parse of one file, and a whole `recon run`. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface IngestMeasurement {
  mode: 'parse' | 'ingest';
  kind: string;
  file: string;
  read: number;
  accepted: number;
  rejected: number;
  seconds: number;
  rowsPerSecond: number;
  peakRssMb: number;
}

const INGEST_ONE = path.join(import.meta.dirname, 'ingest-one.ts');

export function measureIngest(mode: 'parse' | 'ingest', source: { kind: string; path: string; encoding?: string }, asOf: string, region: string, dbFile: string): IngestMeasurement {
  // the young-generation size bin/recon.js runs with
  const args = ['--max-old-space-size=8192', '--max-semi-space-size=64', '--import', 'tsx', INGEST_ONE, mode, source.kind, source.path, asOf, region, source.encoding ?? '', dbFile];
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (child.status !== 0) throw new Error(`${mode} ${source.path} failed: ${child.stderr.trim().split('\n').slice(-3).join(' / ')}`);
  const lastLine = child.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(lastLine) as IngestMeasurement;
}

export interface RunMeasurement {
  wallSeconds: number;
  peakRssMb: number;
  exitCode: number;
  summaryLine: string;
  timingsMs: Record<string, number>;
  findings: Record<string, number>;
  tickets: Record<string, number>;
  matches: Array<{ file: string; byMethod: Record<string, number> }>;
}

/** `recon run` under /usr/bin/time -v (peak RSS of the whole process). */
export function measureRun(pipeline: string, dbFile: string, outDir: string, nodeArgs: string[] = []): RunMeasurement {
  const bin = path.resolve(import.meta.dirname, '../../bin/recon.js');
  const started = performance.now();
  // the bin itself, as a user runs it (its shebang sets the V8 flags); extra node flags through NODE_OPTIONS
  const args = ['-v', bin, 'run', pipeline, '--db', dbFile, '--out', outDir];
  const env = nodeArgs.length > 0 ? { ...process.env, NODE_OPTIONS: [process.env.NODE_OPTIONS ?? '', ...nodeArgs].join(' ').trim() } : process.env;
  const child = spawnSync('/usr/bin/time', args, { encoding: 'utf8', maxBuffer: 1 << 26, env });
  const wallSeconds = (performance.now() - started) / 1000;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(child.stderr);
  if (child.status !== 0) throw new Error(`recon run ${pipeline} failed (${child.status}): ${child.stderr.trim().split('\n').filter((l) => !/^\s/.test(l)).slice(-3).join(' / ')}`);
  const summary = JSON.parse(readFileSync(path.join(outDir, 'summary.json'), 'utf8')) as {
    timingsMs?: Record<string, number>; ledger?: { findingsByStatus?: Record<string, number>; ticketsByStatus?: Record<string, number> };
    matches?: RunMeasurement['matches'];
  };
  return {
    wallSeconds, peakRssMb: rss ? Number(rss[1]) / 1024 : NaN, exitCode: child.status ?? -1,
    summaryLine: child.stdout.trim(), timingsMs: summary.timingsMs ?? {},
    findings: summary.ledger?.findingsByStatus ?? {}, tickets: summary.ledger?.ticketsByStatus ?? {}, matches: summary.matches ?? [],
  };
}
