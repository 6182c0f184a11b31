/**
 * The per-row functions of two builds, in one process, taking turns, so the
 * machine's drift falls on both alike: serialising a record to its stored
 * form, decoding it back, and reading an ID cell.
 *   node --expose-gc --import tsx scripts/bench/per-row.ts --data <set>/night1 ../before .
 * Each build directory holds a built checkout (its dist/). The records are the
 * set's own rows (200,000 of the older system layout and of 医保), parsed once
 * by the second build. Prints the median and fastest µs a row of 8 turns.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import Papa from 'papaparse';
import { readFileSync } from 'node:fs';
import type { AnyRecord, SourceSpec } from '../../src/ingest/types.js';
import type * as Codec from '../../src/ingest/record-codec.js';
import type * as Ids from '../../src/ingest/normalise/id-number.js';

const { values, positionals: builds } = parseArgs({ allowPositionals: true, options: { data: { type: 'string' } } });
if (!values.data || builds.length !== 2) {
  console.error('usage: per-row.ts --data <set>/night1 <build dir> <build dir>');
  process.exit(2);
}
const ROWS = 200_000;
const TURNS = 8;
const dist = (build: string, module: string) => path.resolve(build, 'dist', module);
const codecs = await Promise.all(builds.map((b) => import(dist(b, 'ingest/record-codec.js')) as Promise<typeof Codec>));
const idModules = await Promise.all(builds.map((b) => import(dist(b, 'ingest/normalise/id-number.js')) as Promise<typeof Ids>));
const { readSource } = (await import(dist(builds[1]!, 'ingest/index.js'))) as typeof import('../../src/ingest/index.js');
const { resolveParams } = (await import(dist(builds[1]!, 'pipeline/params.js'))) as typeof import('../../src/pipeline/params.js');
const params = resolveParams({ asOf: '2024-06-30', region: '3717' }, 'bench');

const samples: { kind: 'system' | 'medical'; records: AnyRecord[] }[] = [];
for (const source of [
  { kind: 'system', path: path.join(values.data, 'system-old.csv') },
  { kind: 'medical', path: path.join(values.data, 'yibao.csv'), encoding: 'gb18030' },
] as SourceSpec[]) {
  const parsed = await readSource(source, { params, transient: true });
  samples.push({ kind: source.kind as 'system' | 'medical', records: parsed.records.slice(0, ROWS) });
}
// ID cells as papaparse cuts them from decoded text (views into it, as the parse thread reads them)
const idText = new TextDecoder('gb18030').decode(readFileSync(path.join(values.data, 'yibao.csv')).subarray(0, 30_000_000));
const idCells = Papa.parse<string[]>(idText).data.slice(2, ROWS + 2).map((cells) => cells[1] ?? '');

/** µs a row of each turn, per build, after one warm-up turn */
function turns(measure: (build: number) => number): number[][] {
  const times: number[][] = builds.map(() => []);
  for (let turn = 0; turn <= TURNS; turn++) {
    for (let build = 0; build < builds.length; build++) {
      (globalThis as { gc?: () => void }).gc?.();
      const started = performance.now();
      const rows = measure(build);
      if (turn > 0) times[build]!.push(((performance.now() - started) * 1000) / rows);
    }
  }
  return times;
}

const report = (what: string, times: number[][]) => {
  const cells = times.map((list) => {
    const sorted = [...list].sort((a, b) => a - b);
    return `${sorted[Math.floor(sorted.length / 2)]!.toFixed(2)} (${sorted[0]!.toFixed(2)})`;
  });
  console.log(`| ${what} | ${cells.join(' | ')} |`);
};

console.log(`| µs a row, median (fastest) of ${TURNS} turns | ${builds.join(' | ')} |`);
console.log(`| --- | ${builds.map(() => '---:').join(' | ')} |`);
for (const { kind, records } of samples) {
  report(`serialise a ${kind} record`, turns((build) => {
    const encoder = codecs[build]!.recordEncoder(kind);
    for (let i = 0; i < records.length; i += 8000) records.slice(i, i + 8000).map((r) => encoder.encode(r)).join('\n');
    return records.length;
  }));
  const stored = codecs.map((codec) => {
    const encoder = codec.recordEncoder(kind);
    return { data: records.map((r) => encoder.encode(r)), places: encoder.placesJson() };
  });
  report(`decode a ${kind} record`, turns((build) => {
    const decode = codecs[build]!.recordDecoder(kind, 'x', 'f', stored[build]!.places);
    const out: AnyRecord[] = [];
    stored[build]!.data.forEach((data, i) => out.push(decode(records[i]!.row, data)));
    return out.length;
  }));
}
report('read an ID cell', turns((build) => {
  const normalise = idModules[build]!.normaliseIdNumber;
  for (const cell of idCells) normalise(cell, '2024-06-30');
  return idCells.length;
}));
