/**
 * Matching, of two builds, in one process, taking turns (the machine's drift
 * falls on both alike): the member index built from a night's system rows,
 * then every department record matched (buildMemberIndex + matchDepartments,
 * what evaluate spends most of its time on). The records are a stored run's,
 * loaded once by the second build.
 *   node --expose-gc --import tsx scripts/bench/matching.ts --db <run db> --run 1 ../before .
 * Prints the median and fastest seconds of 5 turns, and checks that both
 * builds give every record the same outcome and member.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import type * as Index from '../../src/match/member-index.js';
import type * as Departments from '../../src/match/match-departments.js';

const { values, positionals: builds } = parseArgs({ allowPositionals: true, options: { db: { type: 'string' }, run: { type: 'string', default: '1' } } });
if (!values.db || builds.length !== 2) {
  console.error('usage: matching.ts --db <sqlite file> [--run N] <build dir> <build dir>');
  process.exit(2);
}
const TURNS = Number(process.env.TURNS ?? 5);
const dist = (build: string, module: string) => path.resolve(build, 'dist', module);
const indexes = await Promise.all(builds.map((b) => import(dist(b, 'match/member-index.js')) as Promise<typeof Index>));
const departments = await Promise.all(builds.map((b) => import(dist(b, 'match/match-departments.js')) as Promise<typeof Departments>));
const { createDb } = (await import(dist(builds[1]!, 'db/create-db.js'))) as typeof import('../../src/db/create-db.js');
const { loadRecords } = (await import(dist(builds[1]!, 'ingest/index.js'))) as typeof import('../../src/ingest/index.js');

const db = await createDb(values.db);
const sources = await db.kysely.selectFrom('run_source').select('extract_id').where('run_id', '=', Number(values.run)).orderBy('position').execute();
const records = await loadRecords(db, sources.map((s) => s.extract_id));
const system = [...records.system].sort((a, b) => a.seq - b.seq);
console.log(`${system.length} system rows, ${records.medical.length + records.education.length + records.dibao.length + records.tekun.length} department rows`);

const times: number[][] = builds.map(() => []);
let outcomes: string[] | null = null;
for (let turn = 0; turn <= TURNS; turn++) {
  for (let build = 0; build < builds.length; build++) {
    (globalThis as { gc?: () => void }).gc?.();
    const started = performance.now();
    const index = indexes[build]!.buildMemberIndex(system);
    const matched = departments[build]!.matchDepartments(records, index);
    const seconds = (performance.now() - started) / 1000;
    if (turn > 0) times[build]!.push(seconds);
    if (turn === 0) {
      const these = departments[0]!.MATCHED_KINDS.flatMap((kind) =>
        (matched[kind] as { match: { outcome: string; member: { seq: number } | null; candidates: string[] } }[]).map(
          ({ match }) => `${match.outcome}:${match.member?.seq ?? ''}:${match.candidates.join(',')}`,
        ),
      );
      if (outcomes && these.some((o, i) => o !== outcomes![i])) throw new Error('the builds match differently');
      outcomes = these;
    }
  }
}
const summary = (list: number[]) => {
  const sorted = [...list].sort((a, b) => a - b);
  return `${sorted[Math.floor(sorted.length / 2)]!.toFixed(2)} (${sorted[0]!.toFixed(2)})`;
};
console.log(`| s, median (fastest) of ${TURNS} turns | ${builds.join(' | ')} |`);
console.log(`| --- | ${builds.map(() => '---:').join(' | ')} |`);
console.log(`| index + match | ${times.map(summary).join(' | ')} |`);
await db.kysely.destroy();
