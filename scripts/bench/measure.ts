/** Child-process measurements for the benchmark: ingest/parse of one file, and a whole `recon run`. */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
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

/** The V8 flags of bin/recon.js's shebang (`#!/usr/bin/env -S node --flag …`): each file is measured as `recon` runs. */
const RECON_NODE_FLAGS = readFileSync(path.join(import.meta.dirname, '../../bin/recon.js'), 'utf8')
  .split('\n')[0]!
  .split(' ')
  .filter((word) => word.startsWith('--'));

export function measureIngest(mode: 'parse' | 'ingest', source: { kind: string; path: string; encoding?: string }, asOf: string, region: string, dbFile: string): IngestMeasurement {
  // parsing alone on the main thread at its fastest: with the 64 MB semi-spaces the parse thread has (3 × 64 = its 192 MB)
  const parseFlags = mode === 'parse' ? ['--max-semi-space-size=64'] : [];
  const args = ['--max-old-space-size=8192', ...RECON_NODE_FLAGS, ...parseFlags, '--import', 'tsx', INGEST_ONE, mode, source.kind, source.path, asOf, region, source.encoding ?? '', dbFile];
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (child.status !== 0) throw new Error(`${mode} ${source.path} failed: ${child.stderr.trim().split('\n').slice(-3).join(' / ')}`);
  const lastLine = child.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(lastLine) as IngestMeasurement;
}

export interface RunMeasurement {
  wallSeconds: number;
  /** CPU time in user mode, all threads */
  userSeconds: number;
  peakRssMb: number;
  exitCode: number;
  summaryLine: string;
  timingsMs: Record<string, number>;
  /** rows read from the night's files (summary.json) */
  rowsRead: number;
  /** the process's peak RSS by the end of each stage (MB), in stage order */
  peakByStageMb: Record<string, number>;
  findings: Record<string, number>;
  tickets: Record<string, number>;
  matches: Array<{ file: string; byMethod: Record<string, number> }>;
}

/** The peak RSS (VmHWM, kB) of a live process so far; null once it is gone. */
function peakRssKb(pid: number): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** The pid of the process `/usr/bin/time` started (its only child). */
function childOf(pid: number): number | null {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    return children ? Number(children.split(' ')[0]) : null;
  } catch {
    return null;
  }
}

/**
 * `recon run` under /usr/bin/time -v (peak RSS of the whole process). The
 * peak by the end of each stage is the kernel's high-water mark (VmHWM) read
 * when the run's progress names the next stage; the last stage's is the
 * whole run's peak.
 */
export async function measureRun(
  pipeline: string,
  dbFile: string,
  outDir: string,
  nodeArgs: string[] = [],
  bin = path.resolve(import.meta.dirname, '../../bin/recon.js'),
): Promise<RunMeasurement> {
  const started = performance.now();
  // the bin itself, as a user runs it (its shebang sets the V8 flags); extra node flags through NODE_OPTIONS
  const args = ['-v', bin, 'run', pipeline, '--db', dbFile, '--out', outDir];
  const env = nodeArgs.length > 0 ? { ...process.env, NODE_OPTIONS: [process.env.NODE_OPTIONS ?? '', ...nodeArgs].join(' ').trim() } : process.env;
  const proc = spawn('/usr/bin/time', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let pending = '';
  let stage: string | null = null;
  const peakByStageKb: Record<string, number> = {};
  proc.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  proc.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
    pending += text;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const next = /^recon: \[(\w+)\]/.exec(line)?.[1];
      if (!next || next === stage) continue;
      const node = proc.pid === undefined ? null : childOf(proc.pid);
      const peak = node === null ? null : peakRssKb(node);
      if (stage !== null && peak !== null) peakByStageKb[stage] = peak;
      stage = next;
    }
  });
  const status = await new Promise<number | null>((resolve) => {
    proc.on('error', (err) => {
      stderr += `\n${err.message}`;
      resolve(null);
    });
    proc.on('close', (code) => resolve(code));
  });
  const child = { status, stdout, stderr };
  const wallSeconds = (performance.now() - started) / 1000;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(child.stderr);
  const user = /User time \(seconds\): ([\d.]+)/.exec(child.stderr);
  if (stage !== null && rss) peakByStageKb[stage] = Number(rss[1]);
  if (child.status !== 0) throw new Error(`recon run ${pipeline} failed (${child.status}): ${child.stderr.trim().split('\n').filter((l) => !/^\s/.test(l)).slice(-3).join(' / ')}`);
  const summary = JSON.parse(readFileSync(path.join(outDir, 'summary.json'), 'utf8')) as {
    timingsMs?: Record<string, number>; ledger?: { findingsByStatus?: Record<string, number>; ticketsByStatus?: Record<string, number> };
    matches?: RunMeasurement['matches'];
    files?: { read: number }[];
  };
  return {
    wallSeconds, userSeconds: user ? Number(user[1]) : NaN, peakRssMb: rss ? Number(rss[1]) / 1024 : NaN, exitCode: child.status ?? -1,
    summaryLine: child.stdout.trim(), timingsMs: summary.timingsMs ?? {},
    rowsRead: (summary.files ?? []).reduce((sum, f) => sum + f.read, 0),
    peakByStageMb: Object.fromEntries(Object.entries(peakByStageKb).map(([name, kb]) => [name, kb / 1024])),
    findings: summary.ledger?.findingsByStatus ?? {}, tickets: summary.ledger?.ticketsByStatus ?? {}, matches: summary.matches ?? [],
  };
}

export interface PipelineIngestMeasurement {
  wallSeconds: number;
  userSeconds: number;
  peakRssMb: number;
  /** rows read, summed over the files' reports */
  rowsRead: number;
}

/**
 * `recon ingest --pipeline <pipeline> --db <fresh SQLite file>` under
 * /usr/bin/time -v: every file of a night stored in one process (one parse
 * thread, one store thread), nothing decoded for the rules. Timed from
 * before the process starts to after it ends (Node's start and the
 * division table included).
 */
export function measurePipelineIngest(pipeline: string, dbFile: string, bin = path.resolve(import.meta.dirname, '../../bin/recon.js')): PipelineIngestMeasurement {
  for (const suffix of ['', '-wal', '-shm']) rmSync(dbFile + suffix, { force: true });
  const started = performance.now();
  const child = spawnSync('/usr/bin/time', ['-v', bin, 'ingest', '--pipeline', pipeline, '--db', dbFile], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const wallSeconds = (performance.now() - started) / 1000;
  if (child.status !== 0) throw new Error(`recon ingest --pipeline ${pipeline} failed (${child.status}): ${child.stderr.trim().split('\n').slice(-3).join(' / ')}`);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(child.stderr);
  const user = /User time \(seconds\): ([\d.]+)/.exec(child.stderr);
  const rowsRead = [...child.stdout.matchAll(/^read (\d+), accepted/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
  return { wallSeconds, userSeconds: user ? Number(user[1]) : NaN, peakRssMb: rss ? Number(rss[1]) / 1024 : NaN, rowsRead };
}
