/**
 * Two or more builds compared on one night, run after run in turn, so that a
 * shared machine's drift (this VM's speed swings ±20 % within an hour) falls
 * on every build alike:
 *   node --import tsx scripts/bench/interleaved.ts --pipeline <set>/night1/pipeline.json --rounds 3 ../before .
 * Each argument is a checkout built with `npm run build` (its bin/recon.js is
 * run). Every run starts on a fresh SQLite database; the outputs
 * (findings.csv, tickets.csv, rejects.csv) of every run must be
 * byte-identical, or the script says which differ. Prints markdown.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { measureRun, type RunMeasurement } from './measure.js';

const { values, positionals: builds } = parseArgs({
  allowPositionals: true,
  options: { pipeline: { type: 'string' }, rounds: { type: 'string', default: '3' } },
});
if (!values.pipeline || builds.length < 2) {
  console.error('usage: interleaved.ts --pipeline <pipeline.json> [--rounds N] <build dir> <build dir> [...]');
  process.exit(2);
}
const pipeline = path.resolve(values.pipeline);
const rounds = Number(values.rounds);

/** The outputs other programs read, as one digest: equal digests, equal outputs. */
function outputsDigest(outDir: string): string {
  const hash = createHash('sha256');
  for (const file of ['findings.csv', 'tickets.csv', 'rejects.csv']) hash.update(readFileSync(path.join(outDir, file)));
  return hash.digest('hex').slice(0, 12);
}

const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const runs: { round: number; build: string; run: RunMeasurement; digest: string }[] = [];
for (let round = 1; round <= rounds; round++) {
  for (const build of builds) {
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'recon-interleaved-'));
    try {
      console.error(`round ${round}: ${build}`);
      const run = await measureRun(pipeline, path.join(scratch, 'db.sqlite'), path.join(scratch, 'out'), [], path.resolve(build, 'bin/recon.js'));
      runs.push({ round, build, run, digest: outputsDigest(path.join(scratch, 'out')) });
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
}

const stage = (run: RunMeasurement, name: string) => (run.timingsMs[name] ?? NaN) / 1000;
console.log(`| round | build | wall s | user s | peak MiB | ingest s | evaluate s | outputs |`);
console.log(`| ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |`);
for (const { round, build, run, digest } of runs) {
  console.log(`| ${round} | ${build} | ${fmt(run.wallSeconds)} | ${fmt(run.userSeconds)} | ${fmt(run.peakRssMb, 0)} | ${fmt(stage(run, 'ingest'))} | ${fmt(stage(run, 'evaluate'))} | ${digest} |`);
}
const mean = (list: number[]) => list.reduce((sum, n) => sum + n, 0) / list.length;
for (const build of builds) {
  const mine = runs.filter((r) => r.build === build).map((r) => r.run);
  console.log(
    `| mean | ${build} | ${fmt(mean(mine.map((r) => r.wallSeconds)))} | ${fmt(mean(mine.map((r) => r.userSeconds)))} | ${fmt(mean(mine.map((r) => r.peakRssMb)), 0)} | ${fmt(mean(mine.map((r) => stage(r, 'ingest'))))} | ${fmt(mean(mine.map((r) => stage(r, 'evaluate'))))} | |`,
  );
}
const digests = new Set(runs.map((r) => r.digest));
if (digests.size > 1) {
  console.log(`\n**The outputs differ** between runs: ${[...digests].join(', ')}`);
  process.exitCode = 1;
}
