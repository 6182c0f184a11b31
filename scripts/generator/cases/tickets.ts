/** What opens (or, when assessed, does not open) a research ticket (rules.md: 研判工单), plus rows that must be rejected. */
import { addDays } from '../dates.js';
import type { Person } from '../model.js';
import { placeOf } from '../model.js';
import { type Case, type CaseContext, makeEliminated, makeMonitored, outsider, rowsOf, someMember } from './context.js';

/** A date inside the `newSince` window, before asOf. */
function recent(ctx: CaseContext, minDaysAgo = 20): string {
  const span = Math.max(minDaysAgo + 1, Math.round((Date.parse(ctx.opts.asOf) - Date.parse(ctx.opts.newSince)) / 86_400_000) - 5);
  return addDays(ctx.opts.asOf, -ctx.rng.int(minDaysAgo, span));
}

/** A civil household that is not in the system: 2–3 people on (or applying for) 农村低保. */
function outsiderDibao(ctx: CaseContext, approvedAt: string, status: string, appliedAt = ''): Person {
  const head = outsider(ctx, 35, 75, true);
  const people = [head, outsider(ctx, 30, 70, false)];
  if (ctx.rng.chance(0.5)) people.push(outsider(ctx, 8, 16));
  people.forEach((p, i) => ctx.batch.dibao.push({
    category: '农村低保', headName: head.name, headId: head.id, name: p.name, idText: p.id,
    relation: i === 0 ? '户主' : i === 1 ? '配偶' : '之子', approvedAt, appliedAt, status, endedAt: '', place: placeOf(ctx.hh),
  }));
  return head;
}

function systemHouseholdOnDibao(ctx: CaseContext, approvedAt: string, status = '正常', endedAt = ''): void {
  const head = ctx.hh.members[0]!;
  for (const m of ctx.hh.members) {
    for (let i = ctx.batch.dibao.length - 1; i >= 0; i--) if (ctx.batch.dibao[i]!.idText === m.id) ctx.batch.dibao.splice(i, 1);
    if (m.status !== '正常') continue;
    ctx.batch.dibao.push({ category: '农村低保', headName: head.name, headId: head.id, name: m.name, idText: m.id, relation: m.relation,
      approvedAt, appliedAt: '', status, endedAt, place: placeOf(ctx.hh) });
  }
}

function assess(ctx: CaseContext, head: Person, assessedAt: string, result = '不符合条件'): void {
  ctx.batch.assessment.push({ headName: head.name, headId: head.id, assessedAt, result });
}

function plainTuopin(ctx: CaseContext): void {
  Object.assign(ctx.hh, { type: '脱贫户', policy: '脱贫享受政策户', monitorType: null, riskEliminated: false, eliminatedAt: null, noLabour: false });
}

export const TICKET_CASES: Case[] = [
  { name: 'newly approved 低保 household not in the system', raises: ['NEW_AID_UNASSESSED'], apply(ctx) {
    outsiderDibao(ctx, recent(ctx), '正常');
  } },
  { name: 'newly approved 低保 household, assessed after approval', raises: [], apply(ctx) {
    const approvedAt = recent(ctx, 40);
    const head = outsiderDibao(ctx, approvedAt, '在保');
    assess(ctx, head, addDays(approvedAt, 12), '不符合条件');
  } },
  { name: 'newly approved 低保 household, assessed before approval (does not cover it)', raises: ['NEW_AID_UNASSESSED'], apply(ctx) {
    const approvedAt = recent(ctx, 40);
    const head = outsiderDibao(ctx, approvedAt, '正常');
    assess(ctx, head, addDays(approvedAt, -30), '其他');
  } },
  { name: 'applying for 低保', raises: ['NEW_AID_UNASSESSED'], apply(ctx) {
    outsiderDibao(ctx, '', ctx.rng.pick(['申请中', '审核中', '待审批']), recent(ctx, 5));
  } },
  { name: 'newly approved 分散供养 特困 not in the system', raises: ['NEW_AID_UNASSESSED'], apply(ctx) {
    const p = outsider(ctx, 62, 90);
    ctx.batch.tekun.push({ name: p.name, idText: p.id, mode: '分散供养', approvedAt: recent(ctx), appliedAt: '', status: '在保', endedAt: '', place: placeOf(ctx.hh) });
  } },
  { name: 'newly approved 集中供养 特困 (no ticket: not 分散供养)', raises: [], apply(ctx) {
    const p = outsider(ctx, 62, 90);
    ctx.batch.tekun.push({ name: p.name, idText: p.id, mode: '集中供养', approvedAt: recent(ctx), appliedAt: '', status: '在保', endedAt: '', place: placeOf(ctx.hh) });
  } },
  { name: '脱贫户 newly on 农村低保 (system updated)', raises: ['NEW_AID_UNASSESSED'], apply(ctx) {
    plainTuopin(ctx);
    for (const m of ctx.hh.members) m.dibao = 'rural';
    systemHouseholdOnDibao(ctx, recent(ctx));
  } },
  { name: 'active monitoring household newly on 农村低保 (covered: no ticket)', raises: [], apply(ctx) {
    makeMonitored(ctx);
    Object.assign(ctx.hh, { measures: ['产业帮扶'], devFlag: true, noLabour: false });
    for (const m of ctx.hh.members) m.dibao = 'rural';
    systemHouseholdOnDibao(ctx, recent(ctx));
  } },
  { name: '脱贫户 whose 农村低保 was cancelled recently', raises: ['DIBAO_CANCELLED_REVIEW'], apply(ctx) {
    plainTuopin(ctx);
    for (const m of ctx.hh.members) m.dibao = 'none';
    systemHouseholdOnDibao(ctx, '2018-03-01', ctx.rng.pick(['停保', '退出', '注销']), recent(ctx));
  } },
  { name: '脱贫户 whose 农村低保 was cancelled, assessed afterwards', raises: [], apply(ctx) {
    plainTuopin(ctx);
    for (const m of ctx.hh.members) m.dibao = 'none';
    const endedAt = recent(ctx, 40);
    systemHouseholdOnDibao(ctx, '2018-03-01', '退出', endedAt);
    assess(ctx, ctx.hh.members[0]!, addDays(endedAt, 9), '不符合条件');
  } },
  { name: 'eliminated household newly on 农村低保 after elimination', raises: ['NEW_RISK_AFTER_ELIMINATION'], apply(ctx) {
    makeEliminated(ctx);
    for (const m of ctx.hh.members) m.dibao = 'rural';
    const after = addDays(ctx.hh.eliminatedAt!, ctx.rng.int(20, 60));
    systemHouseholdOnDibao(ctx, after < ctx.opts.asOf ? after : addDays(ctx.opts.asOf, -3));
  } },
  { name: 'eliminated household with heavy medical costs', raises: ['NEW_RISK_AFTER_ELIMINATION'], apply(ctx) {
    makeEliminated(ctx);
    const p = someMember(ctx);
    const row = p ? rowsOf(ctx.batch.medical, p).find((r) => r.year === ctx.opts.medicalYear) : undefined;
    if (row) row.outOfPocket = ctx.rng.int(1_200_000, 4_000_000) / 100;
  } },
  { name: 'heavy medical costs in an ordinary 脱贫户', raises: ['MEDICAL_EXPENSE_RISK'], apply(ctx) {
    plainTuopin(ctx);
    const p = someMember(ctx);
    const row = p ? rowsOf(ctx.batch.medical, p).find((r) => r.year === ctx.opts.medicalYear) : undefined;
    if (row) row.outOfPocket = ctx.rng.int(1_050_000, 6_000_000) / 100;
  } },
  { name: 'two schemes that cross the threshold only together', raises: ['MEDICAL_EXPENSE_RISK'], apply(ctx) {
    plainTuopin(ctx);
    const p = someMember(ctx, (m) => rowsOf(ctx.batch.medical, m).some((r) => r.year === ctx.opts.medicalYear));
    const row = p ? rowsOf(ctx.batch.medical, p).find((r) => r.year === ctx.opts.medicalYear) : undefined;
    if (!row) return;
    row.outOfPocket = 6200.5;
    ctx.batch.medical.push({ ...row, scheme: '职工基本医疗保险', subsidy: '', outOfPocket: 4100 });
  } },
  { name: 'heavy medical costs last year only (not counted)', raises: [], apply(ctx) {
    const p = someMember(ctx);
    const row = p ? rowsOf(ctx.batch.medical, p)[0] : undefined;
    if (row) ctx.batch.medical.push({ ...row, year: ctx.opts.medicalYear - 1, outOfPocket: 23000 });
  } },
  { name: 'heavy medical costs of someone not in the system', raises: ['MEDICAL_EXPENSE_RISK'], apply(ctx) {
    const p = outsider(ctx, 40, 80);
    ctx.batch.medical.push({ name: p.name, idText: p.id, scheme: '城乡居民基本医疗保险', enrolStatus: '参保缴费', year: ctx.opts.medicalYear,
      subsidy: '', outOfPocket: ctx.rng.int(1_100_000, 3_000_000) / 100, status: '正常', place: placeOf(ctx.hh) });
  } },
  { name: 'rows to reject: 医保 without ID, 研判 without ID or with an unreadable date', raises: [], apply(ctx) {
    const p = outsider(ctx, 20, 60);
    ctx.batch.medical.push({ name: p.name, idText: '', scheme: '城乡居民基本医疗保险', enrolStatus: '正常', year: ctx.opts.medicalYear,
      subsidy: '', outOfPocket: null, status: '正常', place: placeOf(ctx.hh) });
    ctx.batch.assessment.push({ headName: p.name, headId: '', assessedAt: recent(ctx), result: '其他' });
    ctx.batch.assessment.push({ headName: ctx.hh.members[0]!.name, headId: ctx.hh.members[0]!.id, assessedAt: '待定', result: '其他' });
  } },
];
