/**
 * `recon run` end to end, as a scheduler would drive it: a real process over
 * small extracts written here, two nights on one database (SQLite file, and
 * PostgreSQL when TEST_POSTGRES_URL is set), bad input → exit 2 with one line
 * and the ledger untouched, and the ledger commands a person uses.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDb } from '../../src/db/create-db.js';
import { checkDigit } from '../../src/ingest/index.js';
import { DIALECTS, freshDb, tempDir, type TestDb } from '../helpers/db.js';

// each case spawns the CLI a few times; the shared build machine can be slow
vi.setConfig({ testTimeout: 240_000, hookTimeout: 300_000 });

const ROOT = path.resolve(import.meta.dirname, '../..');
const id = (first17: string) => first17 + checkDigit(first17);
const ZHANG = id('37012419700101001'); // head of H1, not insured on night 1
const ZHANG_WIFE = id('37012419720202002');
const LI = id('37012419800303003'); // head of H2, on 农村低保 but not recorded
const WANG = id('37078119650404004'); // 青州市 household H3

const SYSTEM_HEADER = '市,县(市、区),乡(镇),村(社区),户编号,姓名,证件号码,与户主关系,性别,在校生情况,劳动技能,是否参加城乡居民基本医疗保险,享受低保政策情况,享受特困供养政策情况,户类型,人员状态';
const SYSTEM = [
  SYSTEM_HEADER,
  `济南市,平阴县,东阿镇,南门外村,H1,张三,${ZHANG},户主,男,非在校生,普通劳动力,是,未享受,不享受,脱贫户,正常`,
  `济南市,平阴县,东阿镇,南门外村,H1,王芳,${ZHANG_WIFE},配偶,女,非在校生,普通劳动力,是,未享受,不享受,脱贫户,正常`,
  `济南市,平阴县,东阿镇,南门外村,H2,李四,${LI},户主,男,非在校生,普通劳动力,是,未享受,不享受,脱贫户,正常`,
  `潍坊市,青州市,王府街道,,H3,王五,${WANG},户主,男,非在校生,普通劳动力,是,未享受,不享受,脱贫户,正常`,
].join('\n');
const MEDICAL_HEADER = '姓名,公民身份号码,险种,参保状态,参保年度,个人自付费用,人员状态,参保地';
const medical = (withZhang: boolean) =>
  [
    MEDICAL_HEADER,
    ...(withZhang ? [`张三,${ZHANG},城乡居民基本医疗保险,正常,2023,,正常,平阴县`] : []),
    `王芳,${ZHANG_WIFE},城乡居民基本医疗保险,正常,2023,,正常,平阴县`,
    `李四,${LI},城乡居民基本医疗保险,正常,2023,,正常,平阴县`,
    `王五,${WANG},城乡居民基本医疗保险,正常,2023,,正常,青州市`,
    `赵六,,城乡居民基本医疗保险,正常,2023,,正常,平阴县`,
  ].join('\n');
const DIBAO = [
  '县(市、区),乡镇(街道),村(社区),低保类型,户主姓名,户主身份证号,姓名,身份证号,与户主关系,纳入日期,保障状态',
  `平阴县,东阿镇,南门外村,农村低保,李四,${LI},李四,${LI},户主,2023-01-05,正常`,
].join('\n');

function night(dir: string, name: string, asOf: string, withZhang: boolean): string {
  const folder = path.join(dir, name);
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'system.csv'), SYSTEM);
  fs.writeFileSync(path.join(folder, 'yibao.csv'), medical(withZhang));
  fs.writeFileSync(path.join(folder, 'dibao.csv'), DIBAO);
  const pipeline = {
    name: `e2e-${name}`,
    asOf,
    sources: [
      { kind: 'system', path: 'system.csv' },
      { kind: 'medical', path: 'yibao.csv' },
      { kind: 'dibao', path: 'dibao.csv' },
    ],
    params: { newSince: '2022-06-01' },
  };
  fs.writeFileSync(path.join(folder, 'pipeline.json'), JSON.stringify(pipeline, null, 2));
  return path.join(folder, 'pipeline.json');
}

/** What a failed run must not change: findings, tickets and events; and the runs with their status. */
async function ledgerSnapshot(url: string) {
  const db = await createDb(url);
  try {
    const count = async (table: 'finding' | 'ticket' | 'event') =>
      Number((await db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const runs = await db.kysely.selectFrom('run').select(['status', 'error']).orderBy('id').execute();
    return { findings: await count('finding'), tickets: await count('ticket'), events: await count('event'), runs: runs.map((r) => [r.status, r.error]) };
  } finally {
    await db.close();
  }
}

function recon(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'bin/recon.js'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'silent' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function readCsv(file: string): Record<string, string>[] {
  const text = fs.readFileSync(file, 'utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  return Papa.parse<Record<string, string>>(text.slice(1), { header: true, skipEmptyLines: true }).data;
}

beforeAll(() => {
  if (!fs.existsSync(path.join(ROOT, 'dist/cli/index.js'))) {
    const build = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('build failed');
  }
}, 300_000);

for (const { dialect, available } of DIALECTS) {
  describe.skipIf(!available)(`recon run (${dialect})`, () => {
    let dir: string;
    let testDb: TestDb | undefined;
    let dbArg: string;
    beforeAll(async () => {
      dir = tempDir('recon-e2e-');
      if (dialect === 'postgres') {
        testDb = await freshDb('postgres');
        dbArg = testDb.url;
      } else {
        dbArg = path.join(dir, 'recon.sqlite');
      }
    });
    afterAll(async () => {
      await testDb?.cleanup();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('night 1: exit 0, one line on stdout, the outputs of outputs.md', () => {
      const pipeline = night(dir, 'night1', '2023-06-10', false);
      const run = recon(['run', pipeline, '--db', dbArg, '--out', 'out1'], dir);
      expect(run.stderr).toContain('recon: [ingest]');
      expect(run.code).toBe(0);
      expect(run.stdout.trim().split('\n')).toHaveLength(1);
      expect(run.stdout).toMatch(/^run 1 completed \(asOf 2023-06-10\)/);

      const out = path.join(dir, 'out1');
      expect(fs.readFileSync(path.join(out, 'findings.csv'), 'utf8').split('\r\n')[0]).toBe(
        '\uFEFFkey,rule,level,severity,status,source,county_code,county,town,village,household_id,subject,name,id_number,dept_id_number,system_value,dept_value,detail,first_seen,last_seen',
      );
      const findings = readCsv(path.join(out, 'findings.csv'));
      expect([...findings.map((f) => f.key!)].sort()).toEqual(findings.map((f) => f.key));
      expect(findings.find((f) => f.key === `MED_UNINSURED|${ZHANG}|medical`)).toMatchObject({
        status: 'open', severity: 'high', county_code: '370124', household_id: 'H1', first_seen: '2023-06-10', last_seen: '2023-06-10',
      });
      expect(findings.find((f) => f.key === `DIBAO_NOT_RECORDED|${LI}|dibao`)).toMatchObject({ status: 'open', household_id: 'H2' });

      const tickets = readCsv(path.join(out, 'tickets.csv'));
      expect(tickets.find((t) => t.key === `NEW_AID_UNASSESSED|${LI}`)).toMatchObject({
        status: 'open', opened_at: '2023-06-10', due_at: '2023-06-25', overdue: 'no', trigger_date: '2023-01-05', household_id: 'H2',
      });
      const rejects = readCsv(path.join(out, 'rejects.csv'));
      // row 5 of yibao.csv as a person counts it (the header is row 1; 张三 is absent on night 1)
      expect(rejects).toEqual([{ file: 'yibao.csv', row: '5', reason: 'ID_MISSING', raw: expect.stringContaining('赵六,,城乡居民基本医疗保险') }]);

      const summary = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8'));
      expect(summary.files.map((f: { file: string; read: number; rejected: number }) => [f.file, f.read, f.rejected])).toEqual([
        ['system.csv', 4, 0], ['yibao.csv', 4, 1], ['dibao.csv', 1, 0],
      ]);
      expect(summary.findings.MED_UNINSURED).toMatchObject({ new: 1 });
      expect(summary.rulesSkipped.map((s: { rule: string }) => s.rule)).toContain('EDU_STAGE_MISMATCH');
      expect(summary.parameters).toMatchObject({ asOf: '2023-06-10', region: '37', newSince: '2022-06-01', ticketDueDays: 15 });
      expect(Object.keys(summary.timingsMs)).toEqual(expect.arrayContaining(['ingest', 'evaluate', 'ledger', 'outputs']));
    });

    it('bad input: exit 2, one line naming it, ledger untouched', async () => {
      const before = await ledgerSnapshot(dbArg);
      expect(before.findings).toBeGreaterThan(0);
      const bad = path.join(dir, 'night1', 'bad.json');
      fs.writeFileSync(bad, JSON.stringify({ asOf: '2023-06-12', sources: [{ kind: 'system', path: 'system.csv' }], params: { monitoringLine: -5 } }));
      const run = recon(['run', bad, '--db', dbArg, '--out', 'out-bad'], dir);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim().split('\n')).toEqual(['recon: pipeline bad.json: parameter monitoringLine "-5" is not a non-negative number']);
      const missing = path.join(dir, 'night1', 'missing.json');
      fs.writeFileSync(missing, JSON.stringify({ asOf: '2023-06-12', sources: [{ kind: 'system', path: 'gone.xlsx' }] }));
      const run2 = recon(['run', missing, '--db', dbArg, '--out', 'out-bad'], dir);
      expect(run2.code).toBe(2);
      expect(run2.stderr).toMatch(/file gone\.xlsx not found/);
      expect(fs.existsSync(path.join(dir, 'out-bad'))).toBe(false);

      // a file that is no system extract: the run starts, fails with the reason, exit 2
      fs.writeFileSync(path.join(dir, 'night1', 'garbage.csv'), 'a,b,c\n1,2,3\n');
      const garbage = path.join(dir, 'night1', 'garbage.json');
      fs.writeFileSync(garbage, JSON.stringify({ asOf: '2023-06-12', sources: [{ kind: 'system', path: 'garbage.csv' }] }));
      const run3 = recon(['run', garbage, '--db', dbArg, '--out', 'out-bad'], dir);
      expect(run3.code).toBe(2);
      expect(run3.stdout).toBe('');
      expect(run3.stderr.trim().split('\n').at(-1)).toMatch(/^recon: garbage\.csv: no header row found/);
      // the ledger is as night 1 left it; the failed run says why
      const after = await ledgerSnapshot(dbArg);
      expect(after).toEqual({ ...before, runs: [...before.runs, ['failed', expect.stringMatching(/^garbage\.csv: no header row found/)]] });
    });

    it('night 2 on the same database: fixed at the source → auto_closed; the rest carries over', () => {
      const pipeline = night(dir, 'night2', '2023-06-11', true);
      const run = recon(['run', pipeline, '--db', dbArg, '--out', 'out2'], dir);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^run 3 completed \(asOf 2023-06-11\)/);
      const findings = readCsv(path.join(dir, 'out2', 'findings.csv'));
      expect(findings.find((f) => f.key === `MED_UNINSURED|${ZHANG}|medical`)).toMatchObject({ status: 'auto_closed', last_seen: '2023-06-10' });
      expect(findings.find((f) => f.key === `DIBAO_NOT_RECORDED|${LI}|dibao`)).toMatchObject({ status: 'open', first_seen: '2023-06-10', last_seen: '2023-06-11' });
      const summary = JSON.parse(fs.readFileSync(path.join(dir, 'out2', 'summary.json'), 'utf8'));
      expect(summary.findings.MED_UNINSURED).toMatchObject({ autoClosed: 1 });
      expect(summary.findings.DIBAO_NOT_RECORDED).toMatchObject({ stillOpen: 1, new: 0 });
    });

    it('a person works the ledger from the command line', () => {
      const key = `DIBAO_NOT_RECORDED|${LI}|dibao`;
      const dismissNoReason = recon(['finding', 'set-status', key, 'dismissed', '--by', '王科员', '--db', dbArg], dir);
      expect(dismissNoReason.code).toBe(2);
      expect(dismissNoReason.stderr).toMatch(/needs a reason/);
      const dismissed = recon(['finding', 'set-status', key, 'dismissed', '--by', '王科员', '--note', '民政数据滞后', '--date', '2023-06-11', '--db', dbArg], dir);
      expect(dismissed.code).toBe(0);
      expect(dismissed.stdout).toMatch(/^finding DIBAO_NOT_RECORDED\|370124\*+\d{3}[\dX]\|dibao: updated, status dismissed\n$/);
      expect(dismissed.stdout).not.toContain(LI);

      const early = recon(['ticket', 'assess', `NEW_AID_UNASSESSED|${LI}`, '--result', '纳入监测', '--by', '赵站长', '--date', '2022-12-01', '--db', dbArg], dir);
      expect(early.code).toBe(2);
      expect(early.stderr).toMatch(/before the ticket's trigger date 2023-01-05/);
      const assessed = recon(['ticket', 'assess', `NEW_AID_UNASSESSED|${LI}`, '--result', '纳入监测', '--by', '赵站长', '--date', '2023-06-11', '--db', dbArg], dir);
      expect(assessed.code).toBe(0);
      expect(assessed.stdout).toMatch(/updated, status assessed \(纳入监测\)/);

      // the next night keeps the dismissal (same evidence) and the assessment covers the household: no new cycle
      const pipeline = night(dir, 'night3', '2023-06-12', true);
      expect(recon(['run', pipeline, '--db', dbArg, '--out', 'out3'], dir).code).toBe(0);
      expect(readCsv(path.join(dir, 'out3', 'findings.csv')).find((f) => f.key === key)?.status).toBe('dismissed');
      expect(readCsv(path.join(dir, 'out3', 'tickets.csv')).find((t) => t.key === `NEW_AID_UNASSESSED|${LI}`)).toMatchObject({
        status: 'assessed', result: '纳入监测', assessed_at: '2023-06-11',
      });
    });
  });
}

describe('recon --help', () => {
  it('documents run and the ledger commands', () => {
    const help = recon(['run', '--help'], ROOT);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: recon run \[options\] <pipeline>/);
    expect(help.stdout).toContain('--db <url>');
    expect(recon(['finding', 'set-status', '--help'], ROOT).stdout).toContain('--note <text>');
    expect(recon(['ticket', 'assess', '--help'], ROOT).stdout).toContain('--result <result>');
  });
});
