/**
 * What storing a file's records costs the store thread: the file parsed and
 * serialised once (as the parse thread does, 8,000 records a chunk), then
 * written by SqliteExtractWriter into a fresh migrated SQLite file, with
 * foreign keys checked (the main connection's setting) and without (the
 * store thread's), taking turns. Prints seconds of wall and CPU per write.
 * `--page-size` makes each fresh file with those pages (4096, 16384, 65536;
 * a comma-separated list takes turns too; default: what createDb gives).
 *   node --import tsx scripts/bench/store-cost.ts <file> <kind> [encoding] [--rounds N] [--page-size 4096,65536]
 */
import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDb } from '../../src/db/migrate.js';
import { recordChunks, extractRow } from '../../src/ingest/chunks.js';
import { readSource } from '../../src/ingest/index.js';
import { recordEncoder } from '../../src/ingest/record-codec.js';
import { SqliteExtractWriter } from '../../src/ingest/sqlite-insert.js';
import type { SourceKind } from '../../src/model/records.js';
import { resolveParams } from '../../src/pipeline/params.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { rounds: { type: 'string', default: '3' }, 'page-size': { type: 'string' } },
});
const pageSizes: (number | null)[] = values['page-size'] ? values['page-size'].split(',').map(Number) : [null];
const [file, kind, encoding] = positionals;
if (!file || !kind) {
  console.error('usage: store-cost.ts <file> <kind> [encoding] [--rounds N]');
  process.exit(2);
}
const params = resolveParams({ asOf: '2024-06-30', region: '3717' }, 'bench');
const parsed = await readSource({ kind: kind as SourceKind, path: path.resolve(file), encoding }, { params });
const encoder = recordEncoder(parsed.kind);
const chunks = [...recordChunks(parsed, encoder, 8000)];
const records = parsed.records.length;
parsed.records.length = 0;
const dbFile = path.join(tmpdir(), `store-cost-${process.pid}.sqlite`);

async function write(foreignKeys: boolean, pageSize: number | null): Promise<{ wall: number; cpu: number }> {
  for (const suffix of ['', '-wal', '-shm']) rmSync(dbFile + suffix, { force: true });
  if (pageSize !== null) {
    // WAL mode writes the file's header, which fixes the page size before createDb's own setting
    const made = new Database(dbFile);
    made.pragma(`page_size = ${pageSize}`);
    made.pragma('journal_mode = WAL');
    made.close();
  }
  const db = await openDb(dbFile);
  const sqlite = db.sqlite!;
  sqlite.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
  sqlite.pragma('wal_autocheckpoint = 0');
  const writer = new SqliteExtractWriter(sqlite);
  const cpu = process.cpuUsage();
  const started = performance.now();
  writer.begin(extractRow(parsed), parsed.kind);
  for (const chunk of chunks) writer.rows(chunk);
  writer.commit(extractRow(parsed), parsed.rejects, encoder.placesJson());
  const wall = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  await db.close();
  return { wall, cpu: (used.user + used.system) / 1e6 };
}

console.log(`${path.basename(file)}: ${records} records`);
for (let round = 1; round <= Number(values.rounds); round++) {
  for (const pageSize of pageSizes) {
    for (const foreignKeys of [true, false]) {
      const { wall, cpu } = await write(foreignKeys, pageSize);
      const pages = pageSize === null ? '' : `, ${pageSize / 1024} KB pages`;
      console.log(`round ${round}${pages}, foreign keys ${foreignKeys ? 'on ' : 'off'}: ${wall.toFixed(2)} s wall, ${cpu.toFixed(2)} s CPU, ${((cpu * 1e6) / records).toFixed(2)} µs CPU a record`);
    }
  }
}
for (const suffix of ['', '-wal', '-shm']) rmSync(dbFile + suffix, { force: true });
