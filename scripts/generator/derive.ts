/**
 * The department rows that agree with a household: every living member
 * insured for the current year, every pupil on the 学籍 register, every
 * 低保 / 特困 person on the roster. Cases change these afterwards.
 */
import { addDays, daysBetween } from './dates.js';
import type { Batch, GeneratorOptions, Household, Person, RowPlace } from './model.js';
import { placeOf } from './model.js';
import type { Prng } from './prng.js';

const ACTIVE_MEDICAL = ['参保缴费', '正常参保', '正常'];

export function medicalRowsFor(rng: Prng, hh: Household, p: Person, opts: GeneratorOptions): Batch['medical'] {
  if (p.status !== '正常') return [];
  if (daysBetween(p.birth, opts.asOf) <= 90 && rng.chance(0.6)) return [];
  const place = placeOf(hh);
  const subsidy = hh.type === '监测户' ? '监测对象' : p.dibao === 'rural' ? '低保对象' : p.tekun ? '特困人员' : hh.type === '一般农户' ? '' : '脱贫人口';
  const scheme = p.employeeMedical === 'yes' ? '职工基本医疗保险' as const : '城乡居民基本医疗保险' as const;
  const outOfPocket = rng.chance(0.3) ? rng.int(5000, 480000) / 100 : null;
  const rows: Batch['medical'] = [{
    name: p.name, idText: p.id, scheme, enrolStatus: rng.pick(ACTIVE_MEDICAL), year: opts.medicalYear,
    subsidy: scheme === '职工基本医疗保险' ? '' : subsidy, outOfPocket, status: '正常', place,
  }];
  if (rng.chance(0.3)) {
    rows.push({ ...rows[0]!, year: opts.medicalYear - 1, outOfPocket: rng.chance(0.4) ? rng.int(100, 8000) : null, enrolStatus: '参保缴费' });
  }
  return rows;
}

const STAGE_TEXT: Record<string, string> = {
  PRESCHOOL: '学前教育', PRIMARY: '小学', JUNIOR: '初中', SENIOR: '普通高中', SECONDARY_VOC: '中职',
};

export function schoolFor(hh: Household, stage: string): string {
  const town = hh.town.name;
  switch (stage) {
    case 'PRESCHOOL': return `${town}中心幼儿园`;
    case 'PRIMARY': return `${town}中心小学`;
    case 'JUNIOR': return `${town}中学`;
    case 'SENIOR': return `${hh.county.name}第一中学`;
    default: return `${hh.county.name}职业中等专业学校`;
  }
}

export function educationRowFor(rng: Prng, hh: Household, p: Person, schoolAge: number): Batch['education'][number] | null {
  const stage = STAGE_TEXT[p.stage];
  if (!stage || p.status !== '正常') return null;
  const grade = p.stage === 'PRIMARY' ? `${'一二三四五六'[Math.min(5, Math.max(0, schoolAge - 6))]}年级`
    : p.stage === 'JUNIOR' ? `${'七八九'[Math.min(2, Math.max(0, schoolAge - 12))]}年级` : '';
  return {
    name: p.name, idText: p.id, school: schoolFor(hh, p.stage), stage, grade,
    enrolStatus: rng.weighted(['在籍', '在读', '在籍在读'], [6, 3, 1]), place: placeOf(hh),
  };
}

/** Old approvals: before `newSince`, so they raise no ticket. */
export function oldApproval(rng: Prng, opts: GeneratorOptions): string {
  return addDays(opts.newSince, -rng.int(60, 2500));
}

export function dibaoRowsFor(rng: Prng, hh: Household, opts: GeneratorOptions, place: RowPlace = placeOf(hh)): Batch['dibao'] {
  const members = hh.members.filter((m) => m.dibao !== 'none' && m.status === '正常');
  const head = hh.members[0]!;
  const approvedAt = oldApproval(rng, opts);
  return members.map((m) => ({
    category: m.dibao === 'urban' ? '城市低保' as const : '农村低保' as const, headName: head.name, headId: head.id,
    name: m.name, idText: m.id, relation: m.relation, approvedAt, appliedAt: '',
    status: rng.chance(0.7) ? '正常' : '在保', endedAt: '', place,
  }));
}

export function tekunRowFor(rng: Prng, hh: Household, p: Person, opts: GeneratorOptions): Batch['tekun'][number] {
  return {
    name: p.name, idText: p.id, mode: rng.chance(0.85) ? '分散供养' : '集中供养', approvedAt: oldApproval(rng, opts),
    appliedAt: '', status: '在保', endedAt: '', place: placeOf(hh),
  };
}
