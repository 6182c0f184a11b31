/**
 * A plausible household, consistent everywhere: the system's flags agree with
 * what the departments will hold. Cases then break exactly one thing each.
 */
import { addDays, ageOn, schoolAge } from './dates.js';
import { IdAllocator, makeId } from './id-number.js';
import type { Household, Layout, Person, Stage } from './model.js';
import { pickGiven, pickSurname } from './names.js';
import type { Prng } from './prng.js';
import type { County } from './regions.js';

/** Counties elsewhere in Shandong where some people were first registered (marriage, moves). */
const OTHER_REGIONS = ['370102', '370181', '370283', '370481', '370781', '371122', '371302', '371424', '371521', '371621'];

export class PersonFactory {
  /** `onPerson` sees every person made (the tests check each ID against the standard). */
  constructor(private readonly ids: IdAllocator, private readonly asOf: string, private readonly onPerson?: (p: Person) => void) {}

  /** A person of the given age range; the ID is registered in `region` (usually the home county). */
  person(rng: Prng, opts: { region: string; male: boolean; minAge: number; maxAge: number; surname?: string; name?: string; relation: string; birth?: string }): Person {
    for (;;) {
      const ageDays = rng.int(opts.minAge * 365 + 10, opts.maxAge * 365 + 360);
      const birth = opts.birth ?? addDays(this.asOf, -ageDays);
      const region = rng.chance(0.93) ? opts.region : rng.pick(OTHER_REGIONS);
      const sequence = this.ids.allocate(region, birth, opts.male, rng.int(0, 999));
      if (sequence === null) continue;
      const name = opts.name ?? (opts.surname ?? pickSurname(rng)) + pickGiven(rng, opts.male);
      const person = fillDefaults(rng, {
        name, id: makeId(region, birth, sequence), male: opts.male, birth, relation: opts.relation,
      }, this.asOf);
      this.onPerson?.(person);
      return person;
    }
  }
}

const HEALTH = ['健康', '长期慢性病', '患有大病', '残疾'];
const HEALTH_WEIGHTS_OLD = [5, 4, 1, 1];
const HEALTH_WEIGHTS_YOUNG = [20, 2, 1, 1];
const NO_LABOUR = ['丧失劳动力', '无劳动力'];

function fillDefaults(rng: Prng, base: Pick<Person, 'name' | 'id' | 'male' | 'birth' | 'relation'>, asOf: string): Person {
  const age = ageOn(base.birth, asOf);
  const stage = stageFor(rng, schoolAge(base.birth, asOf));
  const health = rng.weighted(HEALTH, age > 55 ? HEALTH_WEIGHTS_OLD : HEALTH_WEIGHTS_YOUNG);
  let labour: string;
  if (age < 16 || stage !== 'NONE') labour = '无劳动力';
  else if (age >= 75 || health === '患有大病') labour = rng.pick(NO_LABOUR);
  else if (age >= 60 || health !== '健康') labour = rng.chance(0.75) ? '弱劳动力或半劳动力' : '普通劳动力';
  else labour = rng.chance(0.8) ? '普通劳动力' : '技能劳动力';
  const employee = age >= 22 && age < 60 && rng.chance(0.04);
  return {
    ...base, stage, health, labour, status: '正常',
    residentMedical: employee ? 'no' : 'yes', employeeMedical: employee ? 'yes' : 'no',
    dibao: 'none', tekun: false,
  };
}

function stageFor(rng: Prng, age: number): Stage {
  if (age < 3) return 'NONE';
  if (age <= 5) return rng.chance(0.85) ? 'PRESCHOOL' : 'NONE';
  if (age <= 11) return 'PRIMARY';
  if (age <= 14) return 'JUNIOR';
  if (age <= 17) return rng.weighted(['SENIOR', 'SECONDARY_VOC', 'NONE'], [6, 3, 1]);
  if (age <= 21) return rng.weighted(['UNDERGRAD', 'HIGHER_VOC', 'NONE'], [3, 2, 5]);
  return 'NONE';
}

export const DEV_MEASURES = ['产业帮扶', '就业帮扶', '金融帮扶', '公益岗位帮扶'];
const PROTECTIVE_MEASURES = ['健康帮扶', '义务教育保障', '教育帮扶', '住房安全保障', '饮水安全保障', '综合保障', '社会帮扶'];
const RISKS = ['因病', '因学', '因残', '因自然灾害', '因意外事故', '因产业项目失败', '因务工就业不稳', '缺劳动力', '因安全住房'];

export interface HouseholdSpec {
  id: string;
  county: County;
  layout: Layout;
}

/** A household with members, a type and measures that raise no finding by themselves. */
export function makeHousehold(rng: Prng, people: PersonFactory, spec: HouseholdSpec, asOf: string): Household {
  const town = rng.pick(spec.county.towns);
  const village = rng.pick(town.villages);
  const region = spec.county.code;
  const surname = pickSurname(rng);
  const members: Person[] = [];
  const shape = rng.weighted(['family', 'couple', 'elder', 'three-generations'], [5, 3, 2, 2]);
  const headMale = rng.chance(shape === 'elder' ? 0.5 : 0.85);
  const headAge: [number, number] = shape === 'elder' ? [68, 92] : shape === 'couple' ? [55, 80] : [28, 58];
  const head = people.person(rng, { region, male: headMale, minAge: headAge[0], maxAge: headAge[1], surname: headMale ? surname : undefined, relation: '户主' });
  members.push(head);
  const headAgeNow = ageOn(head.birth, asOf);
  if (shape !== 'elder') {
    members.push(people.person(rng, { region, male: !headMale, minAge: Math.max(20, headAgeNow - 6), maxAge: headAgeNow + 4, relation: '配偶' }));
  }
  if (shape === 'family' || shape === 'three-generations') {
    const children = rng.weighted([1, 2, 3], [4, 5, 1]);
    for (let i = 0; i < children; i++) {
      const male = rng.chance(0.52);
      const maxAge = Math.max(0, Math.min(headAgeNow - 21, 30));
      members.push(people.person(rng, { region, male, minAge: Math.max(0, maxAge - 14), maxAge, surname: headMale ? surname : undefined, relation: male ? '之子' : '之女' }));
    }
  }
  if (shape === 'three-generations' && headAgeNow < 50) {
    const male = rng.chance(0.4);
    members.push(people.person(rng, { region, male, minAge: headAgeNow + 22, maxAge: Math.min(95, headAgeNow + 35), relation: male ? '之父' : '之母' }));
  }

  const hh: Household = {
    id: spec.id, county: spec.county, town, village, layout: spec.layout,
    type: '脱贫户', policy: '脱贫享受政策户', monitorType: null, identifiedAt: null, riskTypes: [],
    riskEliminated: false, eliminatedAt: null, eliminationMode: null, noLabour: false,
    measures: [rng.pick(PROTECTIVE_MEASURES)], devFlag: false, income: rng.int(9000, 32000), members,
  };
  let kind = rng.weighted(['tuopin', 'nonpolicy', 'monitored', 'eliminated', 'tuopinMonitored'], [55, 10, 15, 12, 8]);
  // a household that no longer takes policy has no pupil and no 低保 (else NONPOLICY_TO_VERIFY)
  if (kind === 'nonpolicy' && members.some((m) => m.stage !== 'NONE')) kind = 'tuopin';
  if (kind === 'nonpolicy') {
    hh.type = '脱贫不享受政策户';
    hh.policy = '脱贫不享受政策户';
  } else if (kind !== 'tuopin') {
    hh.type = '监测户';
    hh.policy = kind === 'tuopinMonitored' ? '脱贫享受政策户' : null;
    hh.monitorType = kind === 'tuopinMonitored' ? '脱贫不稳定户' : rng.pick(['边缘易致贫户', '突发严重困难户']);
    hh.identifiedAt = addDays(asOf, -rng.int(200, 1400)).slice(0, 7) + '-01';
    hh.riskTypes = rng.chance(0.3) ? [rng.pick(RISKS), rng.pick(RISKS)].filter((r, i, a) => a.indexOf(r) === i) : [rng.pick(RISKS)];
    if (kind === 'eliminated') {
      hh.riskEliminated = true;
      hh.eliminatedAt = addDays(hh.identifiedAt, rng.int(120, 500)).slice(0, 7) + '-01';
      if (hh.eliminatedAt > asOf) hh.eliminatedAt = asOf.slice(0, 7) + '-01';
      hh.eliminationMode = rng.pick(['帮扶消除', '自然消除']);
      hh.income = rng.int(8000, 20000);
    }
    balanceMonitoredHousehold(rng, hh);
  }
  if (shape === 'elder' && members.length === 1 && rng.chance(0.3)) {
    head.tekun = true;
  } else if (rng.chance(0.12) && hh.type !== '脱贫不享受政策户' && !hh.riskEliminated) {
    for (const m of members) m.dibao = 'rural';
  }
  return hh;
}

/** Give a monitored household what keeps the labour and development rules quiet. */
function balanceMonitoredHousehold(rng: Prng, hh: Household): void {
  const living = hh.members.filter((m) => m.status === '正常');
  const able = living.some((m) => isAble(m.labour));
  const allNone = living.every((m) => labourClass(m.labour) === 'none');
  if (hh.riskEliminated && !able) {
    const head = hh.members[0] as Person;
    head.labour = '普通劳动力';
  }
  if (able || hh.riskEliminated) {
    hh.measures = [rng.pick(DEV_MEASURES), rng.pick(PROTECTIVE_MEASURES)];
    hh.devFlag = true;
  } else if (allNone) {
    hh.noLabour = true;
    hh.measures = ['综合保障'];
  }
}

export function labourClass(labour: string): 'able' | 'weak' | 'none' | null {
  if (labour === '技能劳动力' || labour === '普通劳动力') return 'able';
  if (labour === '弱劳动力或半劳动力') return 'weak';
  if (labour === '丧失劳动力' || labour === '无劳动力') return 'none';
  return null;
}

export function isAble(labour: string): boolean {
  return labourClass(labour) === 'able';
}
