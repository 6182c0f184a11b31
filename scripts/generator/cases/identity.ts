/** ID numbers and names as people and Excel break them (rules.md: ID_*, NAME_MISMATCH, matching fallbacks). */
import { checkDigit, replaceDigit, swapAdjacent, toLegacy15 } from '../id-number.js';
import { homophoneOf, lookalikeOf, pickLookalikeProneName } from '../names.js';
import { derivePersonRows } from '../household-rows.js';
import { addHousehold, addMember, type Case, type CaseContext, removeRows, rowsOf, someMember } from './context.js';

/** A digit other than `d`. */
function otherDigit(ctx: CaseContext, d: string | undefined): string {
  return String((Number(d ?? 0) + ctx.rng.int(1, 9)) % 10);
}

/** The ID with one digit (birth date or sequence) mistyped. */
function typoId(ctx: CaseContext, id: string): string {
  const pos = ctx.rng.int(12, 16);
  return replaceDigit(id, pos, otherDigit(ctx, id[pos]));
}

/** The ID with two different adjacent characters swapped. */
function swappedId(ctx: CaseContext, id: string): string {
  for (let tries = 0; tries < 20; tries++) {
    const pos = ctx.rng.int(10, 15);
    if (id[pos] !== id[pos + 1]) return swapAdjacent(id, pos);
  }
  return replaceDigit(id, 15, otherDigit(ctx, id[15]));
}

const noX = (id: string) => !id.endsWith('X');

export const IDENTITY_CASES: Case[] = [
  { name: 'system ID blank', raises: ['ID_INVALID'], apply(ctx) {
    const p = someMember(ctx);
    if (p) p.systemIdText = '';
  } },
  { name: 'system ID 999999 placeholder', raises: ['ID_INVALID'], apply(ctx) {
    const p = someMember(ctx);
    if (p) p.systemIdText = `999999${String(ctx.rng.int(0, 999999999999)).padStart(12, '0')}`;
  } },
  { name: 'system ID destroyed by Excel (numeric cell > 2^53; department has it whole → prefix15)', raises: ['ID_INVALID'], apply(ctx) {
    const p = someMember(ctx, (m) => noX(m.id));
    if (p) p.systemIdText = `NUMERIC:${p.id}`;
  } },
  { name: 'system ID invalid text', raises: ['ID_INVALID'], apply(ctx) {
    const p = someMember(ctx);
    if (p) p.systemIdText = p.id.slice(0, 16);
  } },
  { name: 'system ID legacy 15 digits', raises: ['ID_LEGACY_15'], apply(ctx) {
    const p = someMember(ctx, (m) => m.birth < '1999-12-31');
    if (p) p.systemIdText = toLegacy15(p.id);
  } },
  { name: 'department ID legacy 15 digits (matched as id15)', raises: [], apply(ctx) {
    const p = someMember(ctx, (m) => m.birth < '1999-12-31');
    if (p) for (const r of rowsOf(ctx.batch.medical, p)) r.idText = toLegacy15(p.id);
  } },
  { name: 'system 残疾人证 number (ID + 2 or 4 chars)', raises: [], apply(ctx) {
    const p = someMember(ctx);
    if (!p) return;
    p.idType = '残疾人证';
    p.health = '残疾';
    p.systemIdText = p.id + (ctx.rng.chance(0.5) ? String(ctx.rng.int(1, 4)) + String(ctx.rng.int(1, 7)) : `${ctx.rng.int(1, 4)}${ctx.rng.int(1, 7)}01`);
  } },
  { name: 'system ID with a wrong check digit, copied as is by 医保 (matched by id)', raises: ['ID_INVALID'], apply(ctx) {
    const p = someMember(ctx);
    if (!p) return;
    const wrong = p.id.slice(0, 17) + (p.id[17] === '1' ? '2' : '1');
    p.systemIdText = wrong;
    for (const r of rowsOf(ctx.batch.medical, p)) r.idText = wrong;
  } },
  { name: 'one person on two households', raises: ['ID_DUPLICATE'], apply(ctx) {
    const p = someMember(ctx, (m) => m.relation !== '户主' && m.birth < '2004-01-01');
    if (!p) return;
    const other = addHousehold(ctx);
    other.members.push({ ...p, relation: p.male ? '之女婿' : '之儿媳' });
  } },
  { name: 'sex or birth date contradicts the ID', raises: ['ID_ATTR_MISMATCH'], apply(ctx) {
    const p = someMember(ctx);
    if (!p) return;
    if (ctx.rng.chance(0.5)) p.sexOverride = p.male ? '女' : '男';
    else p.birthOverride = `${p.birth.slice(0, 8)}${p.birth.slice(8) === '01' ? '02' : '01'}`;
  } },
  { name: 'member entered twice without ID', raises: ['ID_INVALID'], apply(ctx) {
    const p = addMember(ctx, 5, 12, '之子', true);
    p.systemIdText = '';
    ctx.hh.members.push({ ...p });
  } },
  { name: '医保 name is a homophone', raises: ['NAME_MISMATCH'], apply(ctx) {
    const p = someMember(ctx, (m) => homophoneOf(m.name) !== null);
    if (p) for (const r of rowsOf(ctx.batch.medical, p)) r.name = homophoneOf(p.name)!;
  } },
  { name: '学籍 name differs (changed given name)', raises: ['NAME_MISMATCH'], apply(ctx) {
    const p = ctx.hh.members.find((m) => rowsOf(ctx.batch.education, m).length > 0);
    if (p) for (const r of rowsOf(ctx.batch.education, p)) r.name = p.name.slice(0, 1) + '子' + (p.male ? '轩' : '涵');
  } },
  { name: '医保 ID mistyped (one digit), same name', raises: ['ID_TYPO_SUSPECTED'], apply(ctx) {
    const p = someMember(ctx);
    if (p) for (const r of rowsOf(ctx.batch.medical, p)) r.idText = typoId(ctx, p.id);
  } },
  { name: '低保 ID with two digits swapped', raises: ['ID_TYPO_SUSPECTED'], apply(ctx) {
    if (!ctx.batch.dibao.some((r) => ctx.hh.members.some((m) => m.id === r.idText))) {
      for (const m of ctx.hh.members) m.dibao = 'rural';
      const head = ctx.hh.members[0]!;
      for (const m of ctx.hh.members.filter((x) => x.status === '正常')) {
        ctx.batch.dibao.push({ category: '农村低保', headName: head.name, headId: head.id, name: m.name, idText: m.id, relation: m.relation,
          approvedAt: '2019-03-12', appliedAt: '', status: '正常', endedAt: '', place: { county: ctx.hh.county.name, town: ctx.hh.town.name, village: ctx.hh.village.name } });
      }
    }
    const p = someMember(ctx, (m) => m.dibao === 'rural');
    if (p) for (const r of rowsOf(ctx.batch.dibao, p)) r.idText = swappedId(ctx, p.id);
  } },
  { name: '医保 ID mistyped and name a homophone', raises: ['ID_TYPO_SUSPECTED'], apply(ctx) {
    const p = someMember(ctx, (m) => homophoneOf(m.name) !== null);
    if (!p) return;
    const id = typoId(ctx, p.id);
    for (const r of rowsOf(ctx.batch.medical, p)) { r.idText = id; r.name = homophoneOf(p.name)!; }
  } },
  { name: '学籍 ID mistyped and a look-alike character in a 3-character name', raises: ['ID_TYPO_SUSPECTED'], apply(ctx) {
    const p = addMember(ctx, 8, 13, '之孙子', true);
    p.relation = '之孙子';
    p.name = pickLookalikeProneName(ctx.rng, p.name.slice(0, 1), true);
    removeRows(ctx.batch.medical, p);
    removeRows(ctx.batch.education, p);
    derivePersonRows(ctx.rng, ctx.batch, ctx.hh, p, ctx.opts);
    const id = swappedId(ctx, p.id);
    for (const r of rowsOf(ctx.batch.education, p)) { r.name = lookalikeOf(p.name)!; r.idText = id; }
  } },
  { name: 'department ID one typo away from two same-named people', raises: ['MATCH_AMBIGUOUS'], apply(ctx) {
    const a = someMember(ctx, (m) => m.birth < '2000-01-01' && noX(m.id));
    if (!a) return;
    // B: same name, same birth date and region, the sequence's middle digit differs, so the check digits differ.
    for (let d = 0; d < 10; d++) {
      if (String(d) === a.id[15]) continue;
      const bodyB = replaceDigit(a.id.slice(0, 17), 15, String(d));
      const idB = bodyB + checkDigit(bodyB);
      if (idB[17] === a.id[17] || !ctx.ids.claim(a.id.slice(0, 6), a.birth, Number(bodyB.slice(14, 17)))) continue;
      const other = addHousehold(ctx);
      const b = { ...a, id: idB, relation: other.members.length > 1 ? '之兄弟姐妹' : '户主' };
      other.members.push(b);
      derivePersonRows(ctx.rng, ctx.batch, other, b, ctx.opts);
      // X differs from A only in the check digit and from B only in the middle sequence digit.
      const x = a.id.slice(0, 17) + idB[17];
      ctx.batch.medical.push({ ...rowsOf(ctx.batch.medical, a)[0] ?? {
        scheme: '城乡居民基本医疗保险', enrolStatus: '正常', year: ctx.opts.medicalYear, subsidy: '', outOfPocket: null, status: '正常',
        place: { county: ctx.hh.county.name, town: ctx.hh.town.name, village: ctx.hh.village.name } }, name: a.name, idText: x });
      return;
    }
  } },
  { name: '医保 ID destroyed by Excel, 15 digits left (3.70724198001011E+17 → prefix15)', raises: [], apply(ctx) {
    // Excel's General format drops trailing zeros of the mantissa: keep 15 significant digits by picking a non-zero 15th
    const p = someMember(ctx, (m) => noX(m.id) && m.id[14] !== '0');
    if (p) for (const r of rowsOf(ctx.batch.medical, p)) r.idText = `SCI15:${p.id}`;
  } },
  { name: '医保 ID destroyed by Excel, fewer than 15 digits left (3.70724E+17 → no match)', raises: ['MED_UNINSURED'], apply(ctx) {
    const p = someMember(ctx, (m) => noX(m.id));
    if (p) for (const r of rowsOf(ctx.batch.medical, p)) r.idText = `SCI6:${p.id}`;
  } },
  { name: '医保 ID destroyed: …000 with a failing check digit (prefix15)', raises: [], apply(ctx) {
    const p = someMember(ctx, (m) => checkDigit(m.id.slice(0, 15) + '00') !== '0');
    if (p) for (const r of rowsOf(ctx.batch.medical, p)) r.idText = `${p.id.slice(0, 15)}000`;
  } },
];
