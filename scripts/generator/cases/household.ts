/** Household-level inconsistencies (rules.md: HOUSEHOLD_HEAD_INVALID, FIELD_MISSING, NONPOLICY_*, DEV_*, ELIMINATED_*, NO_LABOUR_*). */
import { addChild, addMember, type Case, type CaseContext, living, makeEliminated, makeMonitored, someMember } from './context.js';
import { isAble } from '../population.js';

function ensureAble(ctx: CaseContext): void {
  if (!living(ctx.hh).some((m) => isAble(m.labour))) addMember(ctx, 25, 50, '之子', true).labour = '普通劳动力';
}

function makeAllNoLabour(ctx: CaseContext): void {
  for (const m of ctx.hh.members) {
    m.labour = ctx.rng.pick(['丧失劳动力', '无劳动力']);
  }
}

export const HOUSEHOLD_CASES: Case[] = [
  { name: 'two members recorded as 户主', raises: ['HOUSEHOLD_HEAD_INVALID'], apply(ctx) {
    const spouse = ctx.hh.members.find((m) => m.relation === '配偶') ?? addMember(ctx, 30, 60, '配偶');
    spouse.relation = '户主';
  } },
  { name: 'no 户主 (head recorded as 其他)', raises: ['HOUSEHOLD_HEAD_INVALID'], apply(ctx) {
    ctx.hh.members[0]!.relation = '其他';
  } },
  { name: 'labour and 医保 flag left blank', raises: ['FIELD_MISSING'], apply(ctx) {
    const p = someMember(ctx);
    if (p) p.blankFields = ctx.rng.chance(0.5) ? ['labour', 'residentMedical'] : ['relation'];
  } },
  { name: 'name left blank', raises: ['FIELD_MISSING'], apply(ctx) {
    const p = someMember(ctx);
    if (p) p.blankFields = ['name'];
  } },
  { name: '脱贫不享受政策户 with a pupil', raises: ['NONPOLICY_TO_VERIFY'], apply(ctx) {
    Object.assign(ctx.hh, { type: '脱贫不享受政策户', policy: '脱贫不享受政策户', monitorType: null, riskEliminated: false, noLabour: false });
    for (const m of ctx.hh.members) m.dibao = 'none';
    addChild(ctx, ctx.rng.int(7, 12));
  } },
  { name: 'active monitoring household, able member, only protective measures', raises: ['DEV_ASSISTANCE_MISSING'], apply(ctx) {
    makeMonitored(ctx);
    ensureAble(ctx);
    Object.assign(ctx.hh, { measures: ['健康帮扶', '综合保障'], devFlag: false, noLabour: false });
  } },
  { name: 'active monitoring household whose 就业帮扶 is only 技能培训', raises: ['DEV_ASSISTANCE_MISSING'], apply(ctx) {
    makeMonitored(ctx);
    ensureAble(ctx);
    Object.assign(ctx.hh, { measures: ['健康帮扶'], trainingOnly: true, devFlag: false, noLabour: false });
  } },
  { name: 'development measure present, flag not set', raises: ['DEV_FLAG_UNMARKED'], apply(ctx) {
    makeMonitored(ctx);
    ensureAble(ctx);
    Object.assign(ctx.hh, { measures: [ctx.rng.pick(['产业帮扶', '就业帮扶', '金融帮扶', '公益岗位帮扶']), '健康帮扶'], devFlag: false, noLabour: false });
  } },
  { name: 'risk eliminated, income below the monitoring line', raises: ['ELIMINATED_BELOW_LINE'], apply(ctx) {
    makeEliminated(ctx);
    ensureAble(ctx);
    ctx.hh.income = ctx.rng.int(4200, 7050);
  } },
  { name: 'whole household without labour, not marked 兜底', raises: ['NO_LABOUR_UNMARKED'], apply(ctx) {
    makeMonitored(ctx);
    makeAllNoLabour(ctx);
    Object.assign(ctx.hh, { noLabour: false, measures: ['综合保障'], devFlag: false });
  } },
  { name: 'marked 兜底 but a member can work', raises: ['NO_LABOUR_MISMARKED'], apply(ctx) {
    makeMonitored(ctx);
    ensureAble(ctx);
    Object.assign(ctx.hh, { noLabour: true, measures: ['产业帮扶', '综合保障'], devFlag: true });
  } },
  { name: 'marked 兜底 and risk eliminated', raises: ['NO_LABOUR_ELIMINATED'], apply(ctx) {
    makeEliminated(ctx);
    makeAllNoLabour(ctx);
    Object.assign(ctx.hh, { noLabour: true, measures: ['综合保障'], devFlag: false });
  } },
  { name: 'risk type outside the vocabulary (kept, counted)', raises: [], apply(ctx) {
    makeMonitored(ctx);
    ensureAble(ctx);
    Object.assign(ctx.hh, { riskTypes: ['因病', '因残疾致贫'], measures: ['就业帮扶'], devFlag: true, noLabour: false });
  } },
];
