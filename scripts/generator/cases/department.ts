/** The system disagrees with a department: 医保, 学籍, 低保, 特困 (rules.md: DECEASED_*, MED_*, EDU_*, DIBAO_*, TEKUN_*). */
import { addDays } from '../dates.js';
import { tekunRowFor } from '../derive.js';
import type { Person } from '../model.js';
import { placeOf } from '../model.js';
import { addChild, addMember, type Case, type CaseContext, removeRows, rowsOf, someMember } from './context.js';

function putOnDibao(ctx: CaseContext, approvedAt: string, system: Person['dibao'], status = '正常'): void {
  const head = ctx.hh.members[0]!;
  for (const m of ctx.hh.members) {
    m.dibao = system;
    if (m.status !== '正常') continue;
    ctx.batch.dibao.push({ category: '农村低保', headName: head.name, headId: head.id, name: m.name, idText: m.id, relation: m.relation,
      approvedAt, appliedAt: '', status, endedAt: '', place: placeOf(ctx.hh) });
  }
}

function clearDibaoRows(ctx: CaseContext): void {
  for (const m of ctx.hh.members) removeRows(ctx.batch.dibao, m);
}

export const DEPARTMENT_CASES: Case[] = [
  { name: '医保 says 死亡, system still 正常', raises: ['DECEASED_STILL_LISTED', 'MED_UNINSURED'], apply(ctx) {
    const p = someMember(ctx, (m) => m.birth < '1960-01-01') ?? someMember(ctx);
    if (p) for (const r of rowsOf(ctx.batch.medical, p)) r.status = '死亡';
  } },
  { name: '低保 roster says 死亡, system still 正常 and 农村低保', raises: ['DECEASED_STILL_LISTED', 'DIBAO_STALE'], apply(ctx) {
    clearDibaoRows(ctx);
    putOnDibao(ctx, '2018-04-20', 'rural');
    const p = someMember(ctx);
    if (p) for (const r of rowsOf(ctx.batch.dibao, p)) { r.status = '死亡'; r.endedAt = addDays(ctx.opts.asOf, -40); }
  } },
  { name: 'member died: system 死亡, departments still list them (no finding)', raises: [], apply(ctx) {
    const p = someMember(ctx, (m) => m.birth < '1955-01-01');
    if (p) p.status = '死亡';
  } },
  { name: 'member moved out (迁出)', raises: [], apply(ctx) {
    const p = someMember(ctx);
    if (p && ctx.hh.members.length > 2) p.status = '迁出';
  } },
  { name: 'no 医保 row at all', raises: ['MED_UNINSURED'], apply(ctx) {
    const p = someMember(ctx);
    if (p) removeRows(ctx.batch.medical, p);
  } },
  { name: 'only a 医保 row of last year', raises: ['MED_UNINSURED'], apply(ctx) {
    const p = someMember(ctx);
    if (!p) return;
    const rows = rowsOf(ctx.batch.medical, p);
    removeRows(ctx.batch.medical, p);
    const first = rows[0];
    if (first) ctx.batch.medical.push({ ...first, year: ctx.opts.medicalYear - 1 });
  } },
  { name: '医保 enrolment suspended', raises: ['MED_UNINSURED'], apply(ctx) {
    const p = someMember(ctx);
    if (p) for (const r of rowsOf(ctx.batch.medical, p)) r.enrolStatus = ctx.rng.pick(['暂停参保', '停保', '终止参保']);
  } },
  { name: 'newborn not yet insured (90-day grace: no finding)', raises: [], apply(ctx) {
    const baby = ctx.people.person(ctx.rng, {
      region: ctx.hh.county.code, male: false, minAge: 0, maxAge: 0, birth: addDays(ctx.opts.asOf, -30), relation: '之孙女',
    });
    ctx.hh.members.push(baby);
  } },
  { name: 'system says 否 for 城乡居民医保 though enrolled', raises: ['MED_FLAG_MISMATCH'], apply(ctx) {
    const p = someMember(ctx, (m) => m.residentMedical === 'yes' && rowsOf(ctx.batch.medical, m).length > 0);
    if (p) p.residentMedical = 'no';
  } },
  { name: 'only 职工医保, system says 是 for 城乡居民', raises: ['MED_FLAG_MISMATCH'], apply(ctx) {
    const p = addMember(ctx, 25, 45, '之子', true);
    for (const r of rowsOf(ctx.batch.medical, p)) r.scheme = '职工基本医疗保险';
    p.residentMedical = 'yes';
    p.employeeMedical = 'yes';
  } },
  { name: 'compulsory-age child with no 学籍 record', raises: ['EDU_COMPULSORY_NOT_ENROLLED'], apply(ctx) {
    const child = addChild(ctx, ctx.rng.int(7, 13));
    removeRows(ctx.batch.education, child);
  } },
  { name: 'compulsory-age child 辍学', raises: ['EDU_COMPULSORY_NOT_ENROLLED'], apply(ctx) {
    const child = addChild(ctx, 14, 'JUNIOR');
    for (const r of rowsOf(ctx.batch.education, child)) r.enrolStatus = '辍学';
  } },
  { name: '学籍 active, system 非在校生', raises: ['EDU_ENROLLED_NOT_RECORDED'], apply(ctx) {
    const child = addChild(ctx, 16, 'SECONDARY_VOC');
    child.stage = 'NONE';
    for (const r of rowsOf(ctx.batch.education, child)) { r.stage = ctx.rng.pick(['中职', '中专', '职业高中']); r.school = `${ctx.hh.county.name}职业中等专业学校`; }
  } },
  { name: 'system 普通高中, no active 学籍 record (休学)', raises: ['EDU_RECORDED_NOT_ENROLLED'], apply(ctx) {
    const child = addChild(ctx, 16, 'SENIOR');
    for (const r of rowsOf(ctx.batch.education, child)) r.enrolStatus = '休学';
  } },
  { name: 'system 学前教育, no 学籍 record', raises: ['EDU_RECORDED_NOT_ENROLLED'], apply(ctx) {
    const child = addChild(ctx, 4, 'PRESCHOOL');
    removeRows(ctx.batch.education, child);
  } },
  { name: 'system 初中, 学籍 小学六年级', raises: ['EDU_STAGE_MISMATCH'], apply(ctx) {
    const child = addChild(ctx, 12, 'JUNIOR');
    for (const r of rowsOf(ctx.batch.education, child)) { r.stage = '小学'; r.grade = '六年级'; r.school = `${ctx.hh.town.name}中心小学`; }
  } },
  { name: 'adult recorded as 小学 student', raises: ['AGE_STAGE_IMPLAUSIBLE'], apply(ctx) {
    const p = someMember(ctx, (m) => m.birth < '1995-01-01');
    if (p) p.stage = 'PRIMARY';
  } },
  { name: 'on 农村低保, system 未享受', raises: ['DIBAO_NOT_RECORDED'], apply(ctx) {
    clearDibaoRows(ctx);
    putOnDibao(ctx, '2020-09-15', 'none');
  } },
  { name: 'system 农村低保, roster ended long ago', raises: ['DIBAO_STALE'], apply(ctx) {
    clearDibaoRows(ctx);
    putOnDibao(ctx, '2017-05-10', 'rural', '停保');
    for (const m of ctx.hh.members) for (const r of rowsOf(ctx.batch.dibao, m)) r.endedAt = addDays(ctx.opts.newSince, -200);
  } },
  { name: 'system 农村低保, roster status unknown (not active)', raises: ['DIBAO_STALE'], apply(ctx) {
    clearDibaoRows(ctx);
    putOnDibao(ctx, '2019-07-01', 'rural', '待核实');
  } },
  { name: '低保 roster status blank (active)', raises: [], apply(ctx) {
    clearDibaoRows(ctx);
    putOnDibao(ctx, '2016-02-29', 'rural', '');
  } },
  { name: '城市低保 on both sides (ignored)', raises: [], apply(ctx) {
    clearDibaoRows(ctx);
    putOnDibao(ctx, '2019-11-11', 'urban');
    for (const m of ctx.hh.members) for (const r of rowsOf(ctx.batch.dibao, m)) r.category = '城市低保';
  } },
  { name: 'on 特困 (分散供养), system 否', raises: ['TEKUN_NOT_RECORDED'], apply(ctx) {
    const p = addMember(ctx, 70, 88, '之父', true);
    ctx.batch.tekun.push({ ...tekunRowFor(ctx.rng, ctx.hh, p, ctx.opts), mode: '分散供养' });
  } },
  { name: 'on 特困 (集中供养), system 否', raises: ['TEKUN_NOT_RECORDED'], apply(ctx) {
    const p = addMember(ctx, 70, 88, '之母', false);
    ctx.batch.tekun.push({ ...tekunRowFor(ctx.rng, ctx.hh, p, ctx.opts), mode: '集中供养', status: '' });
  } },
  { name: 'system 特困 是, not on the roster', raises: ['TEKUN_STALE'], apply(ctx) {
    const p = someMember(ctx, (m) => m.birth < '1965-01-01') ?? someMember(ctx);
    if (p) { p.tekun = true; removeRows(ctx.batch.tekun, p); }
  } },
  { name: 'system 特困 是, roster 退出', raises: ['TEKUN_STALE'], apply(ctx) {
    const p = addMember(ctx, 65, 85, '之母', false);
    p.tekun = true;
    ctx.batch.tekun.push({ ...tekunRowFor(ctx.rng, ctx.hh, p, ctx.opts), status: '退出', endedAt: addDays(ctx.opts.asOf, -100) });
  } },
];
