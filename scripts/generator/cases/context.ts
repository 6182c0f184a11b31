/**
 * What a case works with: the household just generated, its department rows,
 * and helpers to add people or whole households. A case breaks one thing the
 * way it breaks in real extracts, so that a known rule or ticket fires.
 */
import { addDays, schoolAge } from '../dates.js';
import { derivePersonRows, deriveRows } from '../household-rows.js';
import type { IdAllocator } from '../id-number.js';
import type { Batch, GeneratorOptions, Household, Person } from '../model.js';
import type { PersonFactory, HouseholdSpec } from '../population.js';
import { makeHousehold } from '../population.js';
import type { Prng } from '../prng.js';

export interface CaseContext {
  rng: Prng;
  opts: GeneratorOptions;
  people: PersonFactory;
  ids: IdAllocator;
  batch: Batch;
  hh: Household;
  /** a fresh household id in the same county (for cases that need a second household) */
  nextHouseholdId(): string;
}

export interface Case {
  name: string;
  /** the rules / ticket kinds it is made to raise (documentation and the generator's own summary) */
  raises: string[];
  apply(ctx: CaseContext): void;
}

export function living(hh: Household): Person[] {
  return hh.members.filter((m) => m.status === '正常');
}

export function rowsOf<T extends { idText: string }>(rows: T[], p: Person): T[] {
  return rows.filter((r) => r.idText === p.id);
}

export function removeRows<T extends { idText: string }>(rows: T[], p: Person): void {
  for (let i = rows.length - 1; i >= 0; i--) if (rows[i]!.idText === p.id) rows.splice(i, 1);
}

/** A member other than the head when there is one (heads carry the household key). */
export function someMember(ctx: CaseContext, filter: (p: Person) => boolean = () => true): Person | null {
  const candidates = living(ctx.hh).filter(filter);
  const nonHead = candidates.filter((p) => p.relation !== '户主');
  if (nonHead.length) return ctx.rng.pick(nonHead);
  return candidates.length ? ctx.rng.pick(candidates) : null;
}

/** Adds a member born so that their school age is `age` (age on the last 31 August). */
export function addChild(ctx: CaseContext, age: number, stage?: Person['stage']): Person {
  const asOf = ctx.opts.asOf;
  const lastAug31 = `${asOf.slice(5) >= '08-31' ? asOf.slice(0, 4) : Number(asOf.slice(0, 4)) - 1}-08-31`;
  const birth = addDays(lastAug31, -(age * 365 + ctx.rng.int(30, 330)));
  const male = ctx.rng.chance(0.5);
  const head = ctx.hh.members[0]!;
  const surname = head.male ? head.name.slice(0, 1) : undefined;
  const child = ctx.people.person(ctx.rng, {
    region: ctx.hh.county.code, male, minAge: 0, maxAge: 0, birth, surname, relation: male ? '之子' : '之女',
  });
  if (schoolAge(child.birth, asOf) !== age) throw new Error('child born on the wrong side of 31 August');
  if (stage) child.stage = stage;
  child.labour = '无劳动力';
  ctx.hh.members.push(child);
  derivePersonRows(ctx.rng, ctx.batch, ctx.hh, child, ctx.opts);
  return child;
}

/** Adds a member of an age range, with its department rows. */
export function addMember(ctx: CaseContext, minAge: number, maxAge: number, relation: string, male = ctx.rng.chance(0.5)): Person {
  const p = ctx.people.person(ctx.rng, { region: ctx.hh.county.code, male, minAge, maxAge, relation });
  ctx.hh.members.push(p);
  derivePersonRows(ctx.rng, ctx.batch, ctx.hh, p, ctx.opts);
  return p;
}

/** A second household in the same county, generated normally and added to the batch. */
export function addHousehold(ctx: CaseContext): Household {
  const spec: HouseholdSpec = { id: ctx.nextHouseholdId(), county: ctx.hh.county, layout: ctx.hh.layout };
  const other = makeHousehold(ctx.rng, ctx.people, spec, ctx.opts.asOf);
  ctx.batch.households.push(other);
  deriveRows(ctx.rng, ctx.batch, other, ctx.opts);
  return other;
}

/** Makes the household an active monitoring household (keeps its measures sound). */
export function makeMonitored(ctx: CaseContext): void {
  const hh = ctx.hh;
  hh.type = '监测户';
  hh.policy = null;
  hh.monitorType = ctx.rng.pick(['边缘易致贫户', '突发严重困难户']);
  hh.identifiedAt = addDays(ctx.opts.asOf, -ctx.rng.int(200, 900)).slice(0, 7) + '-01';
  hh.riskTypes = ['因病'];
  hh.riskEliminated = false;
  hh.eliminatedAt = null;
  hh.eliminationMode = null;
}

/** Makes the household an eliminated monitoring household (risk 已消除). */
export function makeEliminated(ctx: CaseContext): void {
  makeMonitored(ctx);
  const hh = ctx.hh;
  hh.riskEliminated = true;
  hh.eliminatedAt = addDays(ctx.opts.asOf, -ctx.rng.int(100, 600)).slice(0, 7) + '-01';
  hh.eliminationMode = '帮扶消除';
  hh.measures = ['产业帮扶', '健康帮扶'];
  hh.devFlag = true;
  hh.noLabour = false;
  hh.income = Math.max(hh.income, 9000);
}

/** A department-only person (not in the system) living in the household's county. */
export function outsider(ctx: CaseContext, minAge: number, maxAge: number, male = ctx.rng.chance(0.5)): Person {
  return ctx.people.person(ctx.rng, { region: ctx.hh.county.code, male, minAge, maxAge, relation: '户主' });
}
