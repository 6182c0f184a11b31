/**
 * Writes one night of extracts: the system export (2023 layout for some
 * counties, the older layout for the others) and every department file.
 * Households stream through one at a time; nothing grows with the scale but
 * the ID allocator's bitmaps.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ALL_CASES, type Case } from './cases/index.js';
import { addDays } from './dates.js';
import { deriveRows } from './household-rows.js';
import { IdAllocator } from './id-number.js';
import { DepartmentRenderer, ASSESSMENT_HEADER, DIBAO_HEADER, EDUCATION_HEADER, MEDICAL_HEADER, TEKUN_HEADER } from './layouts/departments.js';
import { SystemRenderer } from './layouts/system.js';
import { type Batch, emptyBatch, type GeneratorOptions, type Household, type Person, placeOf } from './model.js';
import { makeHousehold, PersonFactory } from './population.js';
import { Prng } from './prng.js';
import { countiesOfCity, type County, loadCounties } from './regions.js';
import { CsvSink, type TableSink, XlsxSink } from './writers.js';
import { oldApproval, schoolFor } from './derive.js';

export interface GenerateRequest {
  outDir: string;
  seed: number;
  scale: 'small' | 'city';
  night: 1 | 2;
  /** city scale: how many system households (default ≈ 1M persons) */
  households?: number;
  /** called with every person generated, in or out of the system */
  onPerson?: (p: Person) => void;
}

export interface GenerateReport {
  files: Record<string, number>;
  households: number;
  persons: number;
  cases: Record<string, number>;
  asOf: string;
  newSince: string;
}

/** Night 1's as-of date; every date is generated relative to it, so night 2 differs only where a case changed. */
export const BASE_AS_OF = '2024-06-30';
export const NEW_SINCE = '2023-07-01';
export const SMALL_COUNTIES = ['371722', '370724']; // 单县 (菏泽市), 临朐县 (潍坊市)
export const CITY = '3717'; // 菏泽市

interface Sinks { system2023: TableSink; systemOld: TableSink; medical: TableSink; education: TableSink; dibao: TableSink; tekun: TableSink; assessment: TableSink }

export async function generateExtracts(req: GenerateRequest): Promise<GenerateReport> {
  const opts: GeneratorOptions = { seed: req.seed, scale: req.scale, night: req.night, asOf: BASE_AS_OF, newSince: NEW_SINCE, medicalYear: 2024 };
  const small = req.scale === 'small';
  const counties = small ? await loadCounties(SMALL_COUNTIES, 6, 8) : await loadCounties(countiesOfCity(CITY), 999, 9999);
  const layoutOf = (i: number) => (i % 2 === 0 ? '2023' as const : 'old' as const);
  await mkdir(req.outDir, { recursive: true });
  const names = small
    ? { system2023: 'system-2023.xlsx', systemOld: 'system-old.xlsx', medical: 'yibao.csv', education: 'xueji.xlsx', dibao: 'dibao.csv', tekun: 'tekun.csv', assessment: 'yanpan.xlsx' }
    : { system2023: 'system-2023.csv', systemOld: 'system-old.csv', medical: 'yibao.csv', education: 'xueji.csv', dibao: 'dibao.csv', tekun: 'tekun.csv', assessment: 'yanpan.csv' };
  const file = (n: string) => path.join(req.outDir, n);
  const exportDate = req.night === 2 ? addDays(BASE_AS_OF, 1) : BASE_AS_OF;
  const titleOf = (layout: '2023' | 'old') => {
    const list = counties.filter((_, i) => layoutOf(i) === layout).map((c) => c.name).join('、');
    return [`${list}防止返贫监测对象信息表`, `导出单位：${list}乡村振兴局    导出日期：${exportDate}`];
  };
  const system2023 = new SystemRenderer('2023', small);
  const systemOld = new SystemRenderer('old', small);
  const countyCodes = new Map(counties.map((c) => [c.name, c.code]));
  const dept = new DepartmentRenderer(false, countyCodes); // 医保, 低保, 特困 are CSV at every scale
  const eduRenderer = new DepartmentRenderer(small, countyCodes);
  const assessRenderer = new DepartmentRenderer(small, countyCodes);
  const sinks: Sinks = small ? {
    system2023: new XlsxSink(file(names.system2023), { titles: titleOf('2023'), mergeWidth: 8 }),
    systemOld: new XlsxSink(file(names.systemOld), { titles: titleOf('old'), mergeWidth: 8 }),
    medical: new CsvSink(file(names.medical), { encoding: 'gb18030' }),
    education: new XlsxSink(file(names.education), { sheetName: '学籍', titles: ['2024年春季学期在校学生学籍信息'], mergeWidth: 8 }),
    dibao: new CsvSink(file(names.dibao), { bom: true }),
    tekun: new CsvSink(file(names.tekun)),
    assessment: new XlsxSink(file(names.assessment), { titles: ['防止返贫监测研判台账'], mergeWidth: 5 }),
  } : {
    system2023: new CsvSink(file(names.system2023), { bom: true }),
    systemOld: new CsvSink(file(names.systemOld), { encoding: 'gb18030' }),
    medical: new CsvSink(file(names.medical), { encoding: 'gb18030' }),
    education: new CsvSink(file(names.education), { bom: true }),
    dibao: new CsvSink(file(names.dibao), { bom: true }),
    tekun: new CsvSink(file(names.tekun)),
    assessment: new CsvSink(file(names.assessment), { bom: true }),
  };
  if (!small) {
    for (const [sink, layout] of [[sinks.system2023, '2023'], [sinks.systemOld, 'old']] as const) {
      for (const t of titleOf(layout)) await sink.addRow([t]);
    }
  }
  await sinks.system2023.addRow(system2023.header);
  await sinks.systemOld.addRow(systemOld.header);
  await sinks.medical.addRow(MEDICAL_HEADER);
  await sinks.education.addRow(EDUCATION_HEADER);
  await sinks.dibao.addRow(DIBAO_HEADER);
  await sinks.tekun.addRow(TEKUN_HEADER);
  await sinks.assessment.addRow(ASSESSMENT_HEADER);

  const ids = new IdAllocator();
  const people = new PersonFactory(ids, opts.asOf, req.onPerson);
  const report: GenerateReport = { files: {}, households: 0, persons: 0, cases: {}, asOf: exportDate, newSince: NEW_SINCE };
  const counts: Record<keyof Sinks, number> = { system2023: 0, systemOld: 0, medical: 0, education: 0, dibao: 0, tekun: 0, assessment: 0 };
  const totalVillages = counties.reduce((n, c) => n + c.towns.reduce((m, t) => m + t.villages.length, 0), 0);
  const cityHouseholds = req.households ?? 345_000;

  for (const [ci, county] of counties.entries()) {
    const layout = layoutOf(ci);
    const villages = county.towns.reduce((m, t) => m + t.villages.length, 0);
    const householdCount = small ? ALL_CASES.length + 60 : Math.round((cityHouseholds * villages) / totalVillages);
    const renderer = layout === '2023' ? system2023 : systemOld;
    const systemSink = layout === '2023' ? sinks.system2023 : sinks.systemOld;
    for (let j = 0; j < householdCount; j++) {
      const key = `${county.code}:${j}`;
      const batch = buildBatch(req, opts, people, ids, county, layout, j, key, report);
      for (const hh of batch.households) {
        for (const row of renderer.rows(hh)) { await systemSink.addRow(row); counts[layout === '2023' ? 'system2023' : 'systemOld'] += 1; }
        report.households += 1;
        report.persons += hh.members.length;
      }
      if (small && j === 97) { await systemSink.addRow([]); if (layout === 'old') await systemSink.addRow(renderer.header); }
      for (const r of batch.medical) { await sinks.medical.addRow(dept.medical(r)); counts.medical += 1; }
      for (const r of batch.education) { await sinks.education.addRow(eduRenderer.education(r)); counts.education += 1; }
      for (const r of batch.dibao) { await sinks.dibao.addRow(dept.dibao(r)); counts.dibao += 1; }
      for (const r of batch.tekun) { await sinks.tekun.addRow(dept.tekun(r)); counts.tekun += 1; }
      for (const r of batch.assessment) { await sinks.assessment.addRow(assessRenderer.assessment(r)); counts.assessment += 1; }
    }
  }
  // Exports end with a blank row and a totals row (合计); 医保 and 特困 screens do not write one.
  for (const [sink, n] of [[sinks.system2023, counts.system2023], [sinks.systemOld, counts.systemOld]] as const) {
    await sink.addRow([]);
    await sink.addRow(['合计', null, null, null, null, null, `${n}人`]);
  }
  await sinks.dibao.addRow(['合计', null, null, null, null, null, `${counts.dibao}人`]);
  await sinks.education.addRow([]);
  for (const sink of Object.values(sinks)) await sink.close();
  for (const [k, n] of Object.entries(counts)) report.files[names[k as keyof Sinks]] = n;
  if (!small) await writePipeline(req.outDir, names, exportDate);
  return report;
}

function buildBatch(req: GenerateRequest, opts: GeneratorOptions, people: PersonFactory, ids: IdAllocator, county: County,
  layout: '2023' | 'old', j: number, key: string, report: GenerateReport): Batch {
  const small = req.scale === 'small';
  const rng = Prng.forKey(req.seed, 'household', key);
  const hh = makeHousehold(rng, people, { id: `${county.code}1${String(j).padStart(9, '0')}`, county, layout }, opts.asOf);
  const batch = emptyBatch();
  batch.households.push(hh);
  deriveRows(rng, batch, hh, opts);

  const pick = Prng.forKey(req.seed, 'case-pick', key);
  let cases: Case[] = small && j < ALL_CASES.length ? [ALL_CASES[j]!] : pick.chance(small ? 0.1 : 0.08) ? [pick.pick(ALL_CASES)] : [];
  if (req.night === 2) {
    // The next night: a few households fixed at the source, a few new problems, some assessments done.
    const change = Prng.forKey(req.seed, 'night2', key);
    if (cases.length && change.chance(small ? 0.15 : 0.03)) cases = [];
    if (change.chance(small ? 0.06 : 0.03)) cases = [...cases, change.pick(ALL_CASES)];
  }
  let extra = 0;
  for (const c of cases) {
    const caseRng = Prng.forKey(req.seed, 'case', key, c.name);
    c.apply({ rng: caseRng, opts, people, ids, batch, hh, nextHouseholdId: () => `${county.code}2${String(j).padStart(8, '0')}${extra++}` });
    report.cases[c.name] = (report.cases[c.name] ?? 0) + 1;
  }
  if (req.night === 2 && cases.some((c) => c.raises.some((r) => /^(NEW_|DIBAO_CANCELLED|MEDICAL_EXPENSE)/.test(r)))) {
    const change = Prng.forKey(req.seed, 'night2-assess', key);
    const head = hh.members[0]!;
    if (change.chance(0.4)) batch.assessment.push({ headName: head.name, headId: head.id, assessedAt: addDays(BASE_AS_OF, 1), result: change.pick(['纳入监测', '不符合条件', '其他']) });
  }
  addOutsiders(req, opts, people, batch, hh, key);
  return batch;
}

/** Department rows of people who are not in the system: departments cover everyone. */
function addOutsiders(req: GenerateRequest, opts: GeneratorOptions, people: PersonFactory, batch: Batch, hh: Household, key: string): void {
  const rng = Prng.forKey(req.seed, 'outsiders', key);
  const small = req.scale === 'small';
  const region = hh.county.code;
  const place = placeOf(hh);
  const medicalCount = small ? (rng.chance(0.6) ? 1 : 0) : rng.int(2, 4);
  for (let i = 0; i < medicalCount; i++) {
    const p = people.person(rng, { region, male: rng.chance(0.5), minAge: 1, maxAge: 85, relation: '户主' });
    batch.medical.push({ name: p.name, idText: p.id, scheme: rng.chance(0.85) ? '城乡居民基本医疗保险' : '职工基本医疗保险', enrolStatus: '参保缴费',
      year: opts.medicalYear, subsidy: '', outOfPocket: rng.chance(0.2) ? rng.int(3000, 500000) / 100 : null, status: '正常', place });
  }
  if (rng.chance(small ? 0.15 : 0.6)) {
    const p = people.person(rng, { region, male: rng.chance(0.5), minAge: 6, maxAge: 14, relation: '之子' });
    const stage = p.stage === 'NONE' ? 'PRIMARY' : p.stage;
    batch.education.push({ name: p.name, idText: p.id, school: schoolFor(hh, stage), stage: stage === 'JUNIOR' ? '初中' : '小学', grade: '', enrolStatus: '在籍', place });
  }
  if (rng.chance(small ? 0.04 : 0.15)) {
    const head = people.person(rng, { region, male: true, minAge: 40, maxAge: 80, relation: '户主' });
    const spouse = people.person(rng, { region, male: false, minAge: 40, maxAge: 80, relation: '配偶' });
    const approvedAt = oldApproval(rng, opts);
    for (const p of [head, spouse]) {
      batch.dibao.push({ category: rng.chance(0.9) ? '农村低保' : '城市低保', headName: head.name, headId: head.id, name: p.name, idText: p.id,
        relation: p.relation, approvedAt, appliedAt: '', status: '正常', endedAt: '', place });
    }
  }
  if (rng.chance(small ? 0.03 : 0.06)) {
    const p = people.person(rng, { region, male: rng.chance(0.5), minAge: 60, maxAge: 95, relation: '户主' });
    batch.tekun.push({ name: p.name, idText: p.id, mode: rng.chance(0.7) ? '分散供养' : '集中供养', approvedAt: oldApproval(rng, opts), appliedAt: '', status: '在保', endedAt: '', place });
  }
}

async function writePipeline(outDir: string, names: Record<keyof Sinks, string>, asOf: string): Promise<void> {
  const pipeline = {
    name: `菏泽市-nightly-${asOf}`,
    asOf,
    sources: [
      { kind: 'system', path: names.system2023 }, { kind: 'system', path: names.systemOld },
      { kind: 'medical', path: names.medical, encoding: 'gb18030' }, { kind: 'education', path: names.education },
      { kind: 'dibao', path: names.dibao }, { kind: 'tekun', path: names.tekun }, { kind: 'assessment', path: names.assessment },
    ],
    params: { region: '3717', monitoringLine: 7100, newSince: NEW_SINCE },
  };
  await writeFile(path.join(outDir, 'pipeline.json'), `${JSON.stringify(pipeline, null, 2)}\n`);
}
