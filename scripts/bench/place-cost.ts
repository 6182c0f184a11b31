/**
 * What resolving a row's place costs the parse thread, build against build:
 * the place names of up to a million rows of each file of a night, recorded as parsing
 * asks for them, replayed through each build's PlaceResolver (a fresh one per
 * turn, with fresh copies of the texts, as the parse thread's cells are).
 *   node --import tsx scripts/bench/place-cost.ts --data <set>/night1 ../before .
 * Each build directory holds a built checkout (its dist/). Prints µs a row.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readSource } from '../../src/ingest/index.js';
import { divisionTable } from '../../src/ingest/region/division-table.js';
import { PlaceResolver, type PlaceNames } from '../../src/ingest/region/place-resolver.js';
import type { SourceKind } from '../../src/model/records.js';
import { resolveParams } from '../../src/pipeline/params.js';

const { values, positionals: builds } = parseArgs({ allowPositionals: true, options: { data: { type: 'string' }, turns: { type: 'string', default: '3' } } });
if (!values.data || builds.length === 0) {
  console.error('usage: place-cost.ts --data <set>/night1 <build dir> [<build dir> …]');
  process.exit(2);
}
const FILES: [string, SourceKind][] = [
  ['system-2023.csv', 'system'],
  ['system-old.csv', 'system'],
  ['yibao.csv', 'medical'],
  ['xueji.csv', 'education'],
  ['dibao.csv', 'dibao'],
  ['tekun.csv', 'tekun'],
];
const ROWS = 1_000_000;
type Resolver = { resolve(names: PlaceNames): unknown };
type ResolverClass = new (table: Awaited<ReturnType<typeof divisionTable>>, region: string) => Resolver;
const classes = await Promise.all(
  builds.map(async (build) => ((await import(path.resolve(build, 'dist/ingest/region/place-resolver.js'))) as { PlaceResolver: ResolverClass }).PlaceResolver),
);

// the names each row asks for, recorded as this checkout parses (transient: texts as the parse thread has them)
let recording: PlaceNames[] = [];
const resolve = PlaceResolver.prototype.resolve;
PlaceResolver.prototype.resolve = function (this: PlaceResolver, names: PlaceNames) {
  if (recording.length < ROWS) recording.push({ ...names });
  return resolve.call(this, names);
};
const params = resolveParams({ asOf: '2024-06-30', region: '3717' }, 'bench');
const sequences: [string, PlaceNames[]][] = [];
for (const [file, kind] of FILES) {
  recording = [];
  await readSource({ kind, path: path.resolve(values.data, file) }, { params, transient: true });
  sequences.push([file, recording]);
}
PlaceResolver.prototype.resolve = resolve;

const table = await divisionTable(params.region.slice(0, 2));
/** a copy of its own, without the hash V8 keeps on a string once hashed */
const fresh = (text: string | undefined) => (text === undefined ? undefined : ` ${text}`.slice(1));
for (let turn = 1; turn <= Number(values.turns); turn++) {
  const totals = builds.map(() => ({ ms: 0, rows: 0 }));
  for (const [file, names] of sequences) {
    for (let b = 0; b < builds.length; b++) {
      const copies = names.map((n) => ({ city: fresh(n.city), county: fresh(n.county), town: fresh(n.town), village: fresh(n.village), code: fresh(n.code) }));
      const resolver = new classes[b]!(table, params.region);
      const started = performance.now();
      for (const n of copies) resolver.resolve(n);
      const ms = performance.now() - started;
      totals[b]!.ms += ms;
      totals[b]!.rows += copies.length;
      console.log(`turn ${turn}, ${file}, ${builds[b]}: ${((ms * 1000) / copies.length).toFixed(3)} µs a row`);
    }
  }
  for (let b = 0; b < builds.length; b++) {
    console.log(`turn ${turn}, all files, ${builds[b]}: ${((totals[b]!.ms * 1000) / totals[b]!.rows).toFixed(3)} µs a row, ${(totals[b]!.ms / 1000).toFixed(2)} s`);
  }
}
