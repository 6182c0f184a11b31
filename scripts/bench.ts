/**
 * City-scale benchmark (README "Benchmarks"):
 *   node --import tsx scripts/bench.ts [--data bench-data/city] [--only ingest|run] [--files a.csv,b.csv]
 *                                      [--households N] [--node-args "--max-old-space-size=4096"]
 * 1. generates bench-data/city/night{1,2} with scripts/generate.ts --scale city unless present;
 * 2. per file: parse only (readSource) and ingest into a fresh SQLite file (ingestSource), each in its own
 *    process for its own peak RSS;
 *    then every file of night 1 stored in one process, `recon ingest --pipeline` (one parse thread, one store
 *    thread, one Node start), three times;
 * 3. the whole `recon run` for night 1 then night 2 on one SQLite database, with per-stage times from summary.json.
 * Prints markdown on stdout (progress on stderr).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type IngestMeasurement, measureIngest, measurePipelineIngest, measureRun, type RunMeasurement } from './bench/measure.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: 'bench-data/city' },
    only: { type: 'string' },
    households: { type: 'string' },
    // comma-separated file names: limit the ingest table to these
    files: { type: 'string' },
    // extra node flags for `recon run` (passed in NODE_OPTIONS, e.g. --max-old-space-size=4096), space-separated
    'node-args': { type: 'string', default: '' },
  },
});
const nodeArgs = values['node-args']!.split(' ').filter(Boolean);
const dataDir = path.resolve(values.data!);
const log = (msg: string) => console.error(`bench: ${msg}`);

interface PipelineFile { asOf: string; sources: Array<{ kind: string; path: string; encoding?: string }>; params: { region?: string } }

function ensureNight(night: 1 | 2): string {
  const dir = path.join(dataDir, `night${night}`);
  const pipeline = path.join(dir, 'pipeline.json');
  if (!existsSync(pipeline)) {
    log(`generating ${dir}`);
    const args = ['--import', 'tsx', path.join(import.meta.dirname, 'generate.ts'), '--out', dir, '--scale', 'city', '--night', String(night)];
    if (values.households) args.push('--households', values.households);
    const gen = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    if (gen.status !== 0) throw new Error(`generator failed for night ${night}`);
  }
  return pipeline;
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function ingestTable(pipelinePath: string): string[] {
  const pipeline = JSON.parse(readFileSync(pipelinePath, 'utf8')) as PipelineFile;
  const dir = path.dirname(pipelinePath);
  const dbFile = path.join(dataDir, 'bench-ingest.sqlite');
  const lines = [
    '| file | kind | size MB | rows | parse s | parse rows/s | parse peak RSS MB | ingest s | ingest rows/s | ingest peak RSS MB | ingest / parse |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const only = values.files ? new Set(values.files.split(',')) : null;
  const all = { size: 0, rows: 0, parse: 0, ingest: 0 };
  for (const source of pipeline.sources) {
    if (only && !only.has(path.basename(source.path))) continue;
    const abs = { ...source, path: path.join(dir, source.path) };
    log(`parse ${source.path}`);
    const parse: IngestMeasurement = measureIngest('parse', abs, pipeline.asOf, pipeline.params.region ?? '37', dbFile);
    log(`ingest ${source.path}`);
    const ingest: IngestMeasurement = measureIngest('ingest', abs, pipeline.asOf, pipeline.params.region ?? '37', dbFile);
    const size = statSync(abs.path).size / 2 ** 20;
    lines.push(`| ${source.path} | ${source.kind} | ${fmt(size, 1)} | ${fmt(ingest.read)} | ${fmt(parse.seconds, 1)} | ${fmt(parse.rowsPerSecond)} | ${fmt(parse.peakRssMb)} | ${fmt(ingest.seconds, 1)} | ${fmt(ingest.rowsPerSecond)} | ${fmt(ingest.peakRssMb)} | ${fmt(ingest.seconds / parse.seconds, 2)} |`);
    all.size += size;
    all.rows += ingest.read;
    all.parse += parse.seconds;
    all.ingest += ingest.seconds;
  }
  // one process per file: each pays for starting Node and loading the division table
  lines.push(`| all, one after another | | ${fmt(all.size, 1)} | ${fmt(all.rows)} | ${fmt(all.parse, 1)} | ${fmt(all.rows / all.parse)} | | ${fmt(all.ingest, 1)} | ${fmt(all.rows / all.ingest)} | | ${fmt(all.ingest / all.parse, 2)} |`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(dbFile + suffix, { force: true });
  return lines;
}

/** The whole night stored by one `recon ingest --pipeline`, three times (this machine's speed drifts). */
function pipelineIngestTable(pipelinePath: string): string[] {
  const dbFile = path.join(dataDir, 'bench-ingest.sqlite');
  const lines = ['| run | rows | wall s | rows/s | user CPU s | peak RSS MB |', '| ---: | ---: | ---: | ---: | ---: | ---: |'];
  for (let run = 1; run <= 3; run++) {
    log(`recon ingest --pipeline, run ${run}`);
    const m = measurePipelineIngest(pipelinePath, dbFile);
    lines.push(`| ${run} | ${fmt(m.rowsRead)} | ${fmt(m.wallSeconds, 1)} | ${fmt(m.rowsRead / m.wallSeconds)} | ${fmt(m.userSeconds, 1)} | ${fmt(m.peakRssMb)} |`);
  }
  for (const suffix of ['', '-wal', '-shm']) rmSync(dbFile + suffix, { force: true });
  return lines;
}

async function runTable(pipelines: [string, string]): Promise<string[]> {
  const dbFile = path.join(dataDir, 'bench-run.sqlite');
  for (const suffix of ['', '-wal', '-shm']) rmSync(dbFile + suffix, { force: true });
  const results: RunMeasurement[] = [];
  for (const [i, pipeline] of pipelines.entries()) {
    log(`recon run night ${i + 1}`);
    try {
      results.push(await measureRun(pipeline, dbFile, path.join(dataDir, `out-night${i + 1}`), nodeArgs));
    } catch (err) {
      return [`recon run night ${i + 1} failed: ${(err as Error).message}`];
    }
  }
  const stages = [...new Set(results.flatMap((r) => Object.keys(r.timingsMs)))];
  const lines = [
    `| night | wall s | peak RSS MB | ${stages.map((s) => `${s} s`).join(' | ')} | ingest rows/s | findings (by status) | tickets (by status) |`,
    `| --- | ---: | ---: | ${stages.map(() => '---:').join(' | ')} | ---: | --- | --- |`,
  ];
  results.forEach((r, i) => {
    const byStatus = (m: Record<string, number>) => Object.entries(m).map(([k, v]) => `${k} ${fmt(v)}`).join(', ');
    lines.push(`| ${i + 1} | ${fmt(r.wallSeconds, 1)} | ${fmt(r.peakRssMb)} | ${stages.map((s) => fmt((r.timingsMs[s] ?? 0) / 1000, 1)).join(' | ')} | ${fmt(r.rowsRead / ((r.timingsMs.ingest ?? NaN) / 1000))} | ${byStatus(r.findings)} | ${byStatus(r.tickets)} |`);
  });
  const peakStages = [...new Set(results.flatMap((r) => Object.keys(r.peakByStageMb)))];
  lines.push('', 'Peak RSS (MB) by the end of each stage (the process\'s high-water mark, so never lower than the stage before):', '');
  lines.push(`| night | ${peakStages.join(' | ')} |`, `| --- | ${peakStages.map(() => '---:').join(' | ')} |`);
  results.forEach((r, i) => lines.push(`| ${i + 1} | ${peakStages.map((s) => fmt(r.peakByStageMb[s] ?? NaN)).join(' | ')} |`));
  lines.push('', 'Matches by method, night 1:', '');
  for (const m of results[0]?.matches ?? []) lines.push(`- ${m.file}: ${Object.entries(m.byMethod).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}`);
  return lines;
}

const night1 = ensureNight(1);
const night2 = values.only === 'ingest' ? '' : ensureNight(2);
// each section is printed as soon as it is measured
console.log([
  `## Benchmark (${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${fmt(os.totalmem() / 2 ** 30)} GB, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')})`,
  '',
].join('\n'));
if (values.only !== 'run') {
  console.log(['### Ingest per file (SQLite)', '', ...ingestTable(night1), ''].join('\n'));
  if (!values.files) console.log(['### Night 1 stored in one process (`recon ingest --pipeline`, SQLite)', '', ...pipelineIngestTable(night1), ''].join('\n'));
}
if (values.only !== 'ingest') console.log(['### `recon run`, night 1 then night 2 on one SQLite database', '', ...(await runTable([night1, night2])), ''].join('\n'));
