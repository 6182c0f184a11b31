/**
 * Two or more builds compared on one night, run after run in turn, so that a
 * shared machine's drift (this VM's speed swings ±20 % within an hour) falls
 * on every build alike:
 *   node --import tsx scripts/bench/interleaved.ts --pipeline <set>/night1/pipeline.json --rounds 3 ../before .
 * Each argument is a checkout built with `npm run build` (its bin/recon.js is
 * run). Every run starts on a fresh SQLite database; the outputs
 * (findings.csv, tickets.csv, rejects.csv) of every run of a night must be
 * byte-identical, or the script says which differ. Prints markdown.
 * `--then <night 2 pipeline>` runs the next night on each run's database right
 * after it (then one build is enough): the first and second nights measured
 * in the same rounds, so the drift falls on both alike too.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { measureRun, type RunMeasurement } from './measure.js';

const { values, positionals: builds } = parseArgs({
  allowPositionals: true,
  options: { pipeline: { type: 'string' }, then: { type: 'string' }, rounds: { type: 'string', default: '3' } },
});
if (!values.pipeline || builds.length < (values.then ? 1 : 2)) {
  console.error('usage: interleaved.ts --pipeline <pipeline.json> [--then <next night pipeline.json>] [--rounds N] <build dir> <build dir> [...]');
  process.exit(2);
}
const nights = [path.resolve(values.pipeline), ...(values.then ? [path.resolve(values.then)] : [])];
const rounds = Number(values.rounds);

/** The outputs other programs read, as one digest: equal digests, equal outputs. */
function outputsDigest(outDir: string): string {
  const hash = createHash('sha256');
  for (const file of ['findings.csv', 'tickets.csv', 'rejects.csv']) hash.update(readFileSync(path.join(outDir, file)));
  return hash.digest('hex').slice(0, 12);
}

const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const runs: { round: number; build: string; night: number; run: RunMeasurement; digest: string }[] = [];
for (let round = 1; round <= rounds; round++) {
  for (const build of builds) {
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'recon-interleaved-'));
    try {
      for (const [i, pipeline] of nights.entries()) {
        console.error(`round ${round}: ${build}, night ${i + 1}`);
        const out = path.join(scratch, `out${i + 1}`);
        const run = await measureRun(pipeline, path.join(scratch, 'db.sqlite'), out, [], path.resolve(build, 'bin/recon.js'));
        runs.push({ round, build, night: i + 1, run, digest: outputsDigest(out) });
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
}

const stage = (run: RunMeasurement, name: string) => (run.timingsMs[name] ?? NaN) / 1000;
console.log(`| round | build | night | wall s | user s | peak MiB | ingest s | evaluate s | ledger s | outputs s | outputs |`);
console.log(`| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |`);
const row = (run: RunMeasurement) =>
  [fmt(run.wallSeconds), fmt(run.userSeconds), fmt(run.peakRssMb, 0), ...['ingest', 'evaluate', 'ledger', 'outputs'].map((name) => fmt(stage(run, name)))].join(' | ');
for (const { round, build, night, run, digest } of runs) console.log(`| ${round} | ${build} | ${night} | ${row(run)} | ${digest} |`);
const mean = (list: number[]) => list.reduce((sum, n) => sum + n, 0) / list.length;
for (const build of builds) {
  for (const night of nights.keys()) {
    const mine = runs.filter((r) => r.build === build && r.night === night + 1).map((r) => r.run);
    const averaged = {
      wallSeconds: mean(mine.map((r) => r.wallSeconds)),
      userSeconds: mean(mine.map((r) => r.userSeconds)),
      peakRssMb: mean(mine.map((r) => r.peakRssMb)),
      timingsMs: Object.fromEntries(['ingest', 'evaluate', 'ledger', 'outputs'].map((name) => [name, mean(mine.map((r) => r.timingsMs[name] ?? NaN))])),
    } as RunMeasurement;
    console.log(`| mean | ${build} | ${night + 1} | ${row(averaged)} | |`);
  }
}
for (const night of nights.keys()) {
  const digests = new Set(runs.filter((r) => r.night === night + 1).map((r) => r.digest));
  if (digests.size > 1) {
    console.log(`\n**The outputs of night ${night + 1} differ** between runs: ${[...digests].join(', ')}`);
    process.exitCode = 1;
  }
}
