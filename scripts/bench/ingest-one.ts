/**
 * One measurement in its own process, so its peak RSS is its own:
 *   node --import tsx scripts/bench/ingest-one.ts <parse|ingest> <kind> <file> <asOf> <region> [encoding] [sqlite file]
 * `parse` runs readSource (read + normalise, no database); `ingest` runs
 * ingestFile (what `recon ingest` runs: parse thread + store thread) into a
 * fresh SQLite database. Prints one JSON line.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { openDb } from '../../src/db/migrate.js';
import { ingestFile, readSource, type SourceSpec } from '../../src/ingest/index.js';
import type { SourceKind } from '../../src/model/records.js';
import { resolveParams } from '../../src/pipeline/params.js';

const [mode, kind, file, asOf, region, encoding, dbFile] = process.argv.slice(2);
if ((mode !== 'parse' && mode !== 'ingest') || !kind || !file || !asOf || !region) {
  console.error('usage: ingest-one.ts <parse|ingest> <kind> <file> <asOf> <region> [encoding] [sqlite file]');
  process.exit(2);
}
const source: SourceSpec = { kind: kind as SourceKind, path: path.resolve(file), encoding: encoding || undefined };
const params = resolveParams({ asOf, region }, 'bench');
const started = performance.now();
let stats: { read: number; accepted: number; rejected: number };
if (mode === 'parse') {
  const parsed = await readSource(source, { params });
  stats = parsed;
} else {
  if (!dbFile) throw new Error('ingest needs a SQLite file');
  for (const suffix of ['', '-wal', '-shm']) rmSync(dbFile + suffix, { force: true });
  const db = await openDb(dbFile);
  const result = await ingestFile(db, source, { params }, { exclusive: true });
  stats = result;
  await db.close();
}
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({
  mode, kind, file: path.basename(file), read: stats.read, accepted: stats.accepted, rejected: stats.rejected,
  seconds, rowsPerSecond: stats.read / seconds, peakRssMb: process.resourceUsage().maxRSS / 1024,
}));
