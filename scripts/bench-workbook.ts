/**
 * How long writing one county's correction workbook takes, and how much
 * memory, for a county with N open findings (default 100,000) plus tickets.
 *
 *   node --import tsx scripts/bench-workbook.ts [--findings 100000] [--db file.sqlite | postgres://…]
 *
 * Seeds the ledger through applyRun (as a night would), then writes the
 * workbook in a fresh child process so its peak RSS is the writer's own.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb, isPostgresUrl } from '../src/db/create-db.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { writeCountyWorkbook } from '../src/export/workbook.js';
import { applyRun } from '../src/ledger/apply-run.js';
import { RULE_CODES, type FindingCandidate, type TicketCandidate } from '../src/model/findings.js';

const COUNTY = { countyCode: '370124', county: '平阴县' };

function arg(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? (process.argv[at + 1] ?? fallback) : fallback;
}

/** A plausible 18-character ID (check digit not computed: the writer does not care). */
function idNumber(i: number): string {
  return `370124${1950 + (i % 60)}${String((i % 12) + 1).padStart(2, '0')}${String((i % 28) + 1).padStart(2, '0')}${String(i % 10000).padStart(4, '0')}`;
}

async function seed(dbFile: string, findings: number): Promise<void> {
  const db = await createDb(dbFile);
  await migrateToLatest(db);
  const candidates: FindingCandidate[] = [];
  for (let i = 0; i < findings; i++) {
    const town = i % 12;
    candidates.push({
      rule: RULE_CODES[i % RULE_CODES.length]!,
      subject: `${idNumber(i)}-${i}`,
      source: '',
      householdId: `H${String(Math.floor(i / 3)).padStart(8, '0')}`,
      name: ['张', '王', '李', '赵'][i % 4]! + '某' + (i % 100),
      idNumber: idNumber(i),
      deptIdNumber: null,
      place: { ...COUNTY, townCode: `370124${100 + town}`, town: `第${town + 1}镇`, villageCode: `370124${100 + town}${200 + (i % 30)}`, village: `第${(i % 30) + 1}村` },
      systemValue: i % 5 === 0 ? '=yes' : 'yes',
      deptValue: '城乡居民医保;职工医保',
      detail: '系统标注与部门数据不符，请核实',
      evidence: [{ file: 'system.xlsx', row: i + 3 }],
      counties: [COUNTY.countyCode],
    });
  }
  const tickets: TicketCandidate[] = [];
  for (let i = 0; i < Math.ceil(findings / 20); i++) {
    const head = idNumber(i + 500000);
    tickets.push({
      kind: 'NEW_AID_UNASSESSED', subject: `${head}-${i}`, householdId: null, civilHeadIdNumber: head, headName: '钱某',
      memberIds: [head, idNumber(i + 600000)], memberNames: ['钱某', '钱某某'],
      place: { ...COUNTY, townCode: '370124100', town: '第1镇', villageCode: null, village: null },
      triggers: [{ what: 'dibao approved', idNumber: head, name: '钱某', date: '2023-03-01', evidence: [] }],
      triggerDate: '2023-03-01', trigger: 'dibao approved', coveredBy: null,
    });
  }
  const run = await db.kysely.insertInto('run')
    .values({ name: 'bench', region: '37', as_of: '2023-06-10', status: 'completed', started_at: new Date().toISOString(), params: '{}' })
    .returning('id').executeTakeFirstOrThrow();
  const started = Date.now();
  await applyRun(db, { id: run.id, asOf: '2023-06-10', region: '37' }, { findings: candidates, tickets }, {
    counties: [COUNTY.countyCode], rulesRun: [...RULE_CODES], ticketKindsRun: ['NEW_AID_UNASSESSED'],
  });
  process.stderr.write(`seeded ${findings} findings, ${tickets.length} tickets in ${Date.now() - started} ms\n`);
  await db.close();
}

async function write(dbFile: string, out: string): Promise<void> {
  const db = await createDb(dbFile);
  const before = process.memoryUsage().rss;
  const started = process.hrtime.bigint();
  const counts = await writeCountyWorkbook(db, COUNTY.countyCode, out);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  await db.close();
  const peakMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({
    findings: counts.findings, tickets: counts.tickets, ms: Math.round(ms), rowsPerSecond: Math.round(((counts.findings + counts.tickets) / ms) * 1000),
    rssBeforeMb: Math.round(before / 1048576), peakRssMb: Math.round(peakMb), fileMb: +(fs.statSync(out).size / 1048576).toFixed(1),
  })}\n`);
}

const self = fileURLToPath(import.meta.url);
if (process.argv.includes('--write')) {
  await write(arg('db', ''), arg('out', ''));
} else {
  const findings = Number(arg('findings', '100000'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recon-bench-workbook-'));
  const given = arg('db', '');
  // PostgreSQL: a schema of its own, dropped afterwards; SQLite: a temp file, or the given one (seeded once)
  const pgSchema = isPostgresUrl(given) ? `bench_workbook_${process.pid}` : null;
  const dbUrl = pgSchema ? `${given}${given.includes('?') ? '&' : '?'}schema=${pgSchema}` : given || path.join(dir, 'bench.sqlite');
  if (pgSchema || !fs.existsSync(dbUrl)) await seed(dbUrl, findings);
  const child = spawnSync(process.execPath, ['--import', 'tsx', self, '--write', '--db', dbUrl, '--out', path.join(dir, 'county.xlsx')], { stdio: 'inherit' });
  if (pgSchema) {
    const admin = await createDb(given);
    await admin.pool!.query(`DROP SCHEMA IF EXISTS ${pgSchema} CASCADE`);
    await admin.close();
  }
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(child.status ?? 1);
}
