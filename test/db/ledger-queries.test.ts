/**
 * The queries the workbook and the web page use, over a ledger of 100,000
 * findings on every dialect: filters, cross-county items, search, paging,
 * counts per rule and town, and that a page comes back fast.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyRun } from '../../src/ledger/apply-run.js';
import { countsByRuleAndTown, getRun, listFindings, listRuns, listTickets } from '../../src/ledger/queries.js';
import { setFindingStatus } from '../../src/ledger/finding-status.js';
import type { FindingCandidate, RuleCode } from '../../src/model/findings.js';
import { DIALECTS, freshDb, type TestDb } from '../helpers/db.js';
import { finding, jinanScope, JINAN_LICHENG, JINAN_PINGYIN, ticket, UNPLACED } from './ledger-fixtures.js';

const SIZE = 100_000;
const RULES: RuleCode[] = ['MED_UNINSURED', 'DIBAO_STALE', 'FIELD_MISSING', 'NAME_MISMATCH'];

/** Person i: an 18-char ID-like subject, alternating counties, 4 rules, 10 towns. */
function bigNight(): FindingCandidate[] {
  const all: FindingCandidate[] = [];
  for (let i = 0; i < SIZE; i++) {
    const subject = `3701${String(i).padStart(14, '0')}`;
    const place = i % 2 === 0 ? { ...JINAN_LICHENG, townCode: `37011200${i % 10}`, town: `镇${i % 10}` } : JINAN_PINGYIN;
    all.push({ ...finding(RULES[i % 4]!, subject, place, { source: i % 4 === 3 ? 'medical' : '' }), name: i === 7 ? '欧阳娜娜' : '张三' });
  }
  // one duplicate ID across both counties, listed by each county
  all.push({ ...finding('ID_DUPLICATE', '370112199001019999', JINAN_LICHENG), counties: ['370112', '370124'] });
  all.push(finding('MATCH_AMBIGUOUS', '370199199001018888', UNPLACED, { source: 'medical' }));
  return all;
}

for (const { dialect, available } of DIALECTS) {
  describe.skipIf(!available)(`ledger queries at ${SIZE} findings (${dialect})`, () => {
    let testDb: TestDb;
    let applyMs = 0;
    beforeAll(async () => {
      testDb = await freshDb(dialect);
      await testDb.db.kysely
        .insertInto('run')
        .values({ name: 'big', region: '3701', as_of: '2023-06-10', status: 'completed', started_at: '2023-06-10T01:00:00Z', finished_at: null, params: '{}', pipeline: null, evaluation: null, ledger: null, timings: null, summary: null, error: null })
        .execute();
      const started = performance.now();
      await applyRun(testDb.db, { id: 1, asOf: '2023-06-10', region: '3701' }, { findings: bigNight(), tickets: [ticket('NEW_AID_UNASSESSED', 'S1', JINAN_PINGYIN, '2023-05-01')] }, jinanScope());
      applyMs = performance.now() - started;
      console.log(`[${dialect}] applyRun of ${SIZE + 2} new findings: ${Math.round(applyMs)} ms`);
      const again = performance.now();
      await applyRun(testDb.db, { id: 2, asOf: '2023-06-11', region: '3701' }, { findings: bigNight().slice(1000), tickets: [ticket('NEW_AID_UNASSESSED', 'S1', JINAN_PINGYIN, '2023-05-01')] }, jinanScope());
      console.log(`[${dialect}] applyRun of the next night (1000 closed): ${Math.round(performance.now() - again)} ms`);
    }, 180_000);
    afterAll(async () => {
      await testDb.cleanup();
    });

    it('filters by county (cross-county items included), rule, status, town; pages by key', async () => {
      const { db } = testDb;
      const licheng = await listFindings(db, { countyCodes: ['370112'], limit: 50 });
      expect(licheng.total).toBe(SIZE / 2 + 1);
      expect(licheng.rows).toHaveLength(50);
      const keys = licheng.rows.map((r) => r.key);
      expect([...keys].sort()).toEqual(keys);
      const pingyin = await listFindings(db, { countyCodes: ['370124'], rule: 'ID_DUPLICATE' });
      expect(pingyin.rows.map((r) => r.key)).toEqual(['ID_DUPLICATE|370112199001019999|']);
      expect((await listFindings(db, { countyCodes: [''] })).rows.map((r) => r.rule)).toEqual(['MATCH_AMBIGUOUS']);

      const closed = await listFindings(db, { status: ['auto_closed'] });
      expect(closed.total).toBe(1000);
      const town = await listFindings(db, { countyCodes: ['370112'], town: '镇4', rule: 'MED_UNINSURED', status: ['open'] });
      expect(town.total).toBe(SIZE / 20 - 50); // every 20th person; the first 1000 were auto-closed
      expect(town.rows.every((r) => r.town === '镇4' && r.rule === 'MED_UNINSURED' && r.status === 'open')).toBe(true);
      const page2 = await listFindings(db, { countyCodes: ['370112'], limit: 50, offset: 50 });
      expect(page2.rows[0]!.key > keys.at(-1)!).toBe(true);
    });

    it('pages by key after a given key exactly as by offset; totals count own, cross-county and unplaced items', async () => {
      const { db } = testDb;
      for (const countyCodes of [['370112'], ['370112', '370124', ''], undefined]) {
        const filter = { countyCodes, status: ['open', 'in_progress'], limit: 50 };
        const byOffset = await listFindings(db, { ...filter, offset: 20_000 });
        const before = await listFindings(db, { ...filter, offset: 19_950 });
        const byKey = await listFindings(db, { ...filter, after: before.rows.at(-1)!.key });
        expect(byKey.rows.map((r) => r.key)).toEqual(byOffset.rows.map((r) => r.key));
        expect(byKey.total).toBe(byOffset.total);
      }
      // the last page by key, and nothing after the last key
      const lastKey = (await listFindings(db, { countyCodes: ['370124'], offset: SIZE / 2, limit: 10 })).rows.at(-1)!.key;
      expect((await listFindings(db, { countyCodes: ['370124'], after: lastKey })).rows).toEqual([]);
      expect((await listFindings(db, { countyCodes: ['370124'] })).total).toBe(SIZE / 2 + 1); // + the cross-county duplicate
      expect((await listFindings(db, { countyCodes: ['370112', '370124'] })).total).toBe(SIZE + 1);
      expect((await listFindings(db, { countyCodes: ['370112', '370124', ''] })).total).toBe(SIZE + 2);
      expect((await listFindings(db, { countyCodes: ['370124', ''], rule: 'ID_DUPLICATE' })).total).toBe(1);
      expect((await listFindings(db, { countyCodes: [] })).total).toBe(0);
      await expect(listFindings(db, { orderBy: 'first_seen', after: lastKey })).rejects.toThrow(/key order/);
    });

    it('searches by name or ID, exact or prefix', async () => {
      const { db } = testDb;
      expect((await listFindings(db, { search: '欧阳娜娜' })).rows.map((r) => r.subject)).toEqual(['370100000000000007']);
      expect((await listFindings(db, { search: '欧阳' })).total).toBe(1);
      expect((await listFindings(db, { search: '37010000000000001' })).total).toBe(10);
      expect((await listFindings(db, { search: '370100000000000123' })).rows.map((r) => r.key)).toEqual(['NAME_MISMATCH|370100000000000123|medical']);
      expect((await listFindings(db, { search: '%' })).total).toBe(0);
    });

    it('answers a filtered page fast', async () => {
      const { db } = testDb;
      const started = performance.now();
      const page = await listFindings(db, { countyCodes: ['370124'], rule: 'DIBAO_STALE', status: ['open', 'in_progress'], limit: 50, offset: 10_000 });
      const ms = performance.now() - started;
      console.log(`[${dialect}] filtered page at offset 10000 of ${page.total}: ${Math.round(ms)} ms`);
      expect(page.rows).toHaveLength(50);
      expect(ms).toBeLessThan(1500);
    });

    it('counts per rule and town, open against closed', async () => {
      const { db } = testDb;
      await setFindingStatus(db, 'MED_UNINSURED|370100000000001004|', 'resolved', { by: '王科员', at: '2023-06-12' });
      const counts = await countsByRuleAndTown(db, '370112');
      const town4 = counts.find((c) => c.rule === 'MED_UNINSURED' && c.town === '镇4');
      expect(town4).toEqual({ rule: 'MED_UNINSURED', townCode: '370112004', town: '镇4', open: SIZE / 20 - 51, closed: 51 });
      expect(counts.find((c) => c.rule === 'ID_DUPLICATE')).toMatchObject({ open: 1, closed: 0 });
      expect(counts.reduce((n, c) => n + c.open + c.closed, 0)).toBe(SIZE / 2 + 1);
    });

    it('lists tickets and runs', async () => {
      const { db } = testDb;
      expect((await listTickets(db, { countyCodes: ['370124'], status: ['open'] })).rows.map((r) => r.key)).toEqual(['NEW_AID_UNASSESSED|S1']);
      expect((await listTickets(db, { overdueOn: '2023-06-26' })).total).toBe(1);
      expect((await listTickets(db, { overdueOn: '2023-06-25' })).total).toBe(0);
      expect((await listTickets(db, { countyCodes: [] })).total).toBe(0);
      expect((await listRuns(db, 5)).map((r) => r.name)).toEqual(['big']);
      expect((await getRun(db, 1))?.as_of).toBe('2023-06-10');
    });
  });
}
