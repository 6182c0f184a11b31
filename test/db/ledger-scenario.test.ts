/**
 * The ledger across nights, on every dialect: appears → persists → disappears
 * (auto_closed) → returns (reopened); dismissed stays dismissed until its
 * evidence pair changes; runs for another city or without 学籍 close nothing
 * outside their scope; tickets open → covered by an assessment → assessed →
 * a new cycle for an uncovered trigger.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/create-db.js';
import { applyRun } from '../../src/ledger/apply-run.js';
import { assessTicket } from '../../src/ledger/assess-ticket.js';
import { setFindingStatus } from '../../src/ledger/finding-status.js';
import { loadPriorState } from '../../src/ledger/prior-state.js';
import { getFinding, getTicket, listEvents, listFindings } from '../../src/ledger/queries.js';
import type { LedgerInput } from '../../src/ledger/types.js';
import { RULE_CODES } from '../../src/model/findings.js';
import { DIALECTS, freshDb, type TestDb } from '../helpers/db.js';
import { finding, jinanScope, JINAN_LICHENG, JINAN_PINGYIN, QINGDAO_HUANGDAO, ticket, UNPLACED } from './ledger-fixtures.js';

const A = '370112199001011234';
const B = '370124201401011230';
const C = '370112198001011237';
const Q = '370211197001011238';

const uninsuredA = () => finding('MED_UNINSURED', A, JINAN_LICHENG, { source: 'medical', system: 'resident=yes', dept: '' });
const notEnrolledB = () => finding('EDU_COMPULSORY_NOT_ENROLLED', B, JINAN_PINGYIN, { source: 'education', system: 'PRIMARY', dept: '' });
const staleC = (dept = '') => finding('DIBAO_STALE', C, JINAN_LICHENG, { source: 'dibao', system: 'rural', dept });
const newAid = (triggerDate: string, covered: Parameters<typeof ticket>[4] = null) =>
  ticket('NEW_AID_UNASSESSED', '370124199001011234', JINAN_PINGYIN, triggerDate, covered);

const night = (id: number, asOf: string) => ({ id, asOf, region: '3701', ticketDueDays: 15 });
const input = (findings: LedgerInput['findings'], tickets: LedgerInput['tickets'] = []): LedgerInput => ({ findings, tickets });

for (const { dialect, available } of DIALECTS) {
  describe.skipIf(!available)(`ledger across nights (${dialect})`, () => {
    let testDb: TestDb;
    beforeEach(async () => {
      testDb = await freshDb(dialect);
    });
    afterEach(async () => {
      await testDb.cleanup();
    });

    it('opens, keeps, auto-closes and reopens findings; dismissed stays until its evidence changes', async () => {
      const { db } = testDb;
      const key = { a: `MED_UNINSURED|${A}|medical`, b: `EDU_COMPULSORY_NOT_ENROLLED|${B}|education`, c: `DIBAO_STALE|${C}|dibao` };

      const first = await applyRun(db, night(1, '2023-06-10'), input([uninsuredA(), notEnrolledB(), staleC()]), jinanScope());
      expect(first.findings.MED_UNINSURED).toEqual({ new: 1, stillOpen: 0, autoClosed: 0, reopened: 0 });
      const a1 = await getFinding(db, key.a);
      expect(a1).toMatchObject({ status: 'open', first_seen: '2023-06-10', last_seen: '2023-06-10', level: 'person', severity: 'high', county_code: '370112', reopened_count: 0 });

      await setFindingStatus(db, key.c, 'dismissed', { by: '王科员', note: '民政数据滞后', at: '2023-06-10' });

      // night 2: A is gone, B and C found again (C with the same evidence)
      const second = await applyRun(db, night(2, '2023-06-11'), input([notEnrolledB(), staleC()]), jinanScope());
      expect(second.findings.MED_UNINSURED?.autoClosed).toBe(1);
      expect(second.findings.EDU_COMPULSORY_NOT_ENROLLED?.stillOpen).toBe(1);
      expect(await getFinding(db, key.a)).toMatchObject({ status: 'auto_closed', last_seen: '2023-06-10' });
      expect(await getFinding(db, key.b)).toMatchObject({ status: 'open', first_seen: '2023-06-10', last_seen: '2023-06-11' });
      expect(await getFinding(db, key.c)).toMatchObject({ status: 'dismissed', last_seen: '2023-06-11', note: '民政数据滞后' });

      // night 3 has no 学籍: B is not found, but no education finding may close; A returns; C's department value changed
      const noEducation = RULE_CODES.filter((rule) => !rule.startsWith('EDU_'));
      const third = await applyRun(
        db,
        night(3, '2023-06-12'),
        input([uninsuredA(), staleC('农村低保 停保')]),
        jinanScope({ rulesRun: noEducation, sourcesPresent: ['system', 'medical', 'dibao', 'tekun'] }),
      );
      expect(third.findings.MED_UNINSURED?.reopened).toBe(1);
      expect(third.findings.DIBAO_STALE?.reopened).toBe(1);
      expect(await getFinding(db, key.a)).toMatchObject({ status: 'open', reopened_count: 1, first_seen: '2023-06-10', last_seen: '2023-06-12' });
      expect(await getFinding(db, key.b)).toMatchObject({ status: 'open', last_seen: '2023-06-11' });
      expect(await getFinding(db, key.c)).toMatchObject({ status: 'open', reopened_count: 1, dept_value: '农村低保 停保' });

      const eventsA = await listEvents(db, 'finding', key.a);
      expect(eventsA.map((e) => [e.action, e.to_status, e.by, e.at])).toEqual([
        ['opened', 'open', 'run 1', '2023-06-10'],
        ['auto_closed', 'auto_closed', 'run 2', '2023-06-11'],
        ['reopened', 'open', 'run 3', '2023-06-12'],
      ]);
      const eventsC = await listEvents(db, 'finding', key.c);
      expect(eventsC.map((e) => e.action)).toEqual(['opened', 'status', 'reopened']);
      expect(eventsC[2]?.note).toContain('department value "" → "农村低保 停保"');

      // a resolved finding found again reopens too
      await setFindingStatus(db, key.b, 'resolved', { by: '王科员', at: '2023-06-12' });
      await applyRun(db, night(4, '2023-06-13'), input([uninsuredA(), staleC('农村低保 停保'), notEnrolledB()]), jinanScope());
      expect(await getFinding(db, key.b)).toMatchObject({ status: 'open', reopened_count: 1 });
    });

    it('closes nothing outside the run scope: another city, an unplaced item of another region', async () => {
      const { db } = testDb;
      const qingdao = finding('MED_UNINSURED', Q, QINGDAO_HUANGDAO, { source: 'medical' });
      const unplacedJinan = finding('MATCH_AMBIGUOUS', '370112199901011111', UNPLACED, { source: 'medical' });
      await applyRun(db, { id: 1, asOf: '2023-06-10', region: '3702' }, input([qingdao]), { ...jinanScope(), counties: ['370211'] });
      await applyRun(db, night(2, '2023-06-10'), input([uninsuredA(), unplacedJinan]), jinanScope());

      // Jinan's next night finds nothing at all: its own items close, Qingdao's stay open
      await applyRun(db, night(3, '2023-06-11'), input([]), jinanScope());
      expect(await getFinding(db, `MED_UNINSURED|${A}|medical`)).toMatchObject({ status: 'auto_closed' });
      expect(await getFinding(db, `MATCH_AMBIGUOUS|370112199901011111|medical`)).toMatchObject({ status: 'auto_closed' });
      expect(await getFinding(db, `MED_UNINSURED|${Q}|medical`)).toMatchObject({ status: 'open' });

      // a county run inside Jinan does not close the city's unplaced items either
      await applyRun(db, night(4, '2023-06-12'), input([unplacedJinan]), jinanScope());
      await applyRun(db, { id: 5, asOf: '2023-06-13', region: '370124' }, input([]), { ...jinanScope(), counties: ['370124'] });
      expect(await getFinding(db, `MATCH_AMBIGUOUS|370112199901011111|medical`)).toMatchObject({ status: 'open' });
      // a province run does
      await applyRun(db, { id: 6, asOf: '2023-06-14', region: '37' }, input([]), { ...jinanScope(), counties: ['370112', '370124', '370211'] });
      expect(await getFinding(db, `MATCH_AMBIGUOUS|370112199901011111|medical`)).toMatchObject({ status: 'auto_closed' });
      expect(await getFinding(db, `MED_UNINSURED|${Q}|medical`)).toMatchObject({ status: 'auto_closed' });
    });

    it('lists a cross-county finding in each county it concerns, also after it moves county', async () => {
      const { db } = testDb;
      const duplicate = (place: typeof JINAN_LICHENG) => ({ ...finding('ID_DUPLICATE', '370112199001019999', place), counties: ['370112', '370124'] });
      const listed = async (countyCodes: string[]) => {
        const page = await listFindings(db, { countyCodes });
        return { total: page.total, keys: page.rows.map((r) => r.key) };
      };
      await applyRun(db, night(1, '2023-06-10'), input([duplicate(JINAN_LICHENG), uninsuredA(), notEnrolledB()]), jinanScope());
      expect(await listed(['370112'])).toEqual({ total: 2, keys: ['ID_DUPLICATE|370112199001019999|', `MED_UNINSURED|${A}|medical`] });
      expect(await listed(['370124'])).toEqual({ total: 2, keys: [`EDU_COMPULSORY_NOT_ENROLLED|${B}|education`, 'ID_DUPLICATE|370112199001019999|'] });
      // same counties, now placed in 平阴: still listed (and counted) once in each
      await applyRun(db, night(2, '2023-06-11'), input([duplicate(JINAN_PINGYIN), uninsuredA(), notEnrolledB()]), jinanScope());
      expect(await getFinding(db, 'ID_DUPLICATE|370112199001019999|')).toMatchObject({ county_code: '370124' });
      expect((await listed(['370112'])).total).toBe(2);
      expect((await listed(['370124'])).total).toBe(2);
      expect(await listed(['370112', '370124'])).toMatchObject({ total: 3 });
      expect((await listed(['370112', '370124'])).keys).toHaveLength(3);
      expect(await listed(['370124', ''])).toMatchObject({ total: 2 });
    });

    it('tickets: open, kept with their dates, assessed when covered, a new cycle only for an uncovered trigger', async () => {
      const { db } = testDb;
      const key = 'NEW_AID_UNASSESSED|370124199001011234';
      const covered = ticket('MEDICAL_EXPENSE_RISK', 'HH-COVERED', JINAN_PINGYIN, '2023-06-10', { assessedAt: '2023-06-01', result: '不符合条件', origin: 'extract' });

      const first = await applyRun(db, night(1, '2023-06-10'), input([], [newAid('2023-05-20'), covered]), jinanScope());
      expect(first.tickets.NEW_AID_UNASSESSED).toMatchObject({ opened: 1 });
      expect(await getTicket(db, 'MEDICAL_EXPENSE_RISK|HH-COVERED')).toBeUndefined();
      expect(await getTicket(db, key)).toMatchObject({ status: 'open', opened_at: '2023-06-10', due_at: '2023-06-25', trigger_date: '2023-05-20' });

      const refreshedAid = { ...newAid('2023-05-20'), memberIds: ['370124199001011234'], memberNames: ['李四'] };
      const second = await applyRun(db, night(2, '2023-06-30'), input([], [refreshedAid]), jinanScope());
      expect(second.tickets.NEW_AID_UNASSESSED).toMatchObject({ stillOpen: 1, opened: 0 });
      const kept = await getTicket(db, key);
      expect(kept).toMatchObject({ status: 'open', opened_at: '2023-06-10', due_at: '2023-06-25', last_seen: '2023-06-30' });
      expect(JSON.parse(kept!.members)).toEqual([{ idNumber: '370124199001011234', name: '李四' }]);

      // an assessment from the extract covers it: closed as assessed with its result
      const third = await applyRun(
        db,
        night(3, '2023-07-01'),
        input([], [newAid('2023-05-20', { assessedAt: '2023-06-28', result: '纳入监测', origin: 'extract' })]),
        jinanScope(),
      );
      expect(third.tickets.NEW_AID_UNASSESSED).toMatchObject({ assessed: 1, closed: 1 });
      expect(await getTicket(db, key)).toMatchObject({ status: 'assessed', result: '纳入监测', assessed_at: '2023-06-28' });

      // still covered the next night: stays assessed; a later trigger nobody assessed: a new cycle
      await applyRun(db, night(4, '2023-07-02'), input([], [newAid('2023-05-20', { assessedAt: '2023-06-28', result: '纳入监测', origin: 'extract' })]), jinanScope());
      expect(await getTicket(db, key)).toMatchObject({ status: 'assessed', reopened_count: 0 });
      const fifth = await applyRun(db, night(5, '2023-08-01'), input([], [newAid('2023-07-20')]), jinanScope());
      expect(fifth.tickets.NEW_AID_UNASSESSED).toMatchObject({ opened: 1 });
      expect(await getTicket(db, key)).toMatchObject({
        status: 'open', reopened_count: 1, opened_at: '2023-08-01', due_at: '2023-08-16', result: null, assessed_at: null, trigger_date: '2023-07-20',
      });

      // trigger gone within scope: auto-closed; a run without that kind closes nothing
      await applyRun(db, night(6, '2023-08-02'), input([], []), jinanScope({ ticketKindsRun: ['MEDICAL_EXPENSE_RISK'] }));
      expect(await getTicket(db, key)).toMatchObject({ status: 'open' });
      const seventh = await applyRun(db, night(7, '2023-08-03'), input([], []), jinanScope());
      expect(seventh.tickets.NEW_AID_UNASSESSED).toMatchObject({ autoClosed: 1 });
      expect(await getTicket(db, key)).toMatchObject({ status: 'auto_closed' });
      expect((await listEvents(db, 'ticket', key)).map((e) => e.action)).toEqual(['opened', 'assessed', 'reopened', 'auto_closed']);
    });

    it('a trigger that slides out of the newSince window never closes an open ticket; an application that vanishes does', async () => {
      const { db } = testDb;
      const withWindow = (id: number, asOf: string, newSince: string) => ({ ...night(id, asOf), newSince });
      const applying = { ...ticket('NEW_AID_UNASSESSED', 'APPLICANT', JINAN_PINGYIN, '2022-07-01'), trigger: 'dibao applying' };
      applying.triggers = applying.triggers.map((t) => ({ ...t, what: 'dibao applying' }));
      await applyRun(db, withWindow(1, '2023-06-10', '2022-06-10'), input([], [newAid('2022-07-01'), applying]), jinanScope());
      // a year later the approval of 2022-07-01 is outside the window: the rules no longer emit either ticket
      const later = await applyRun(db, withWindow(2, '2023-07-10', '2022-07-10'), input([], []), jinanScope());
      expect(await getTicket(db, 'NEW_AID_UNASSESSED|370124199001011234')).toMatchObject({ status: 'open' });
      expect(await getTicket(db, 'NEW_AID_UNASSESSED|APPLICANT')).toMatchObject({ status: 'auto_closed' });
      expect(later.tickets.NEW_AID_UNASSESSED).toMatchObject({ stillOpen: 1, autoClosed: 1 });
    });

    it('a person\'s assessment closes the ticket and covers the household on later nights', async () => {
      const { db } = testDb;
      const key = 'NEW_AID_UNASSESSED|370124199001011234';
      await applyRun(db, night(1, '2023-06-10'), input([], [newAid('2023-05-20')]), jinanScope());
      await expect(assessTicket(db, key, { result: '纳入监测', by: '赵站长', assessedAt: '2023-05-01' })).rejects.toThrow(/before the ticket's trigger date/);
      await expect(assessTicket(db, key, { result: '同意', by: '赵站长', assessedAt: '2023-06-12' })).rejects.toThrow(/研判结论/);
      const stale = await assessTicket(db, key, { result: '纳入监测', by: '赵站长', assessedAt: '2023-06-12', expect: { status: 'assessed', reopenedCount: 0 } });
      expect(stale.outcome).toBe('stale');

      const done = await assessTicket(db, key, { result: '纳入监测', by: '赵站长', note: '已入户', assessedAt: '2023-06-12', origin: 'web', expect: { status: 'open', reopenedCount: 0 } });
      expect(done.outcome).toBe('updated');
      expect(await getTicket(db, key)).toMatchObject({ status: 'assessed', result: '纳入监测', assessed_by: '赵站长', assessed_at: '2023-06-12' });
      const again = await assessTicket(db, key, { result: '纳入监测', by: '赵站长', assessedAt: '2023-06-12' });
      expect(again.outcome).toBe('unchanged');

      const prior = await loadPriorState(db);
      expect(prior.assessments).toEqual([
        { idNumbers: ['370124199001011234', '370124201001011235'], assessedAt: '2023-06-12', result: '纳入监测', origin: 'web', ticketKey: key },
      ]);
      expect(prior.openTicketKeys?.size).toBe(0);
    });

    it('remembers extract assessments once and expense triggers by the night first seen', async () => {
      const { db } = testDb;
      const expense = { ...ticket('MEDICAL_EXPENSE_RISK', 'HH-1', JINAN_PINGYIN, '2023-06-10'), trigger: 'expense' };
      const scope = jinanScope({ extractAssessments: [{ sourceKey: 'abc|5', idNumbers: [B], assessedAt: '2023-06-01', result: '其他' }] });
      await applyRun(db, night(1, '2023-06-10'), { findings: [], tickets: [expense], expenseTriggersSeen: [{ key: `${A}|2023`, firstSeen: '2023-06-10' }] }, scope);
      await applyRun(db, night(2, '2023-06-11'), { findings: [], tickets: [expense], expenseTriggersSeen: [{ key: `${A}|2023`, firstSeen: '2023-06-11' }] }, scope);
      const prior = await loadPriorState(db);
      expect(prior.assessments).toEqual([{ idNumbers: [B], assessedAt: '2023-06-01', result: '其他', origin: 'extract', ticketKey: null }]);
      expect([...prior.expenseFirstSeen]).toEqual([[`${A}|2023`, '2023-06-10']]);
      expect([...(prior.openTicketKeys ?? [])]).toEqual(['MEDICAL_EXPENSE_RISK|HH-1']);
    });

    // SQLite: one process shares one connection (kysely serialises it) and BEGIN IMMEDIATE queues other processes
    it.skipIf(dialect !== 'postgres')('two runs of one region at once never interleave: the second sees the first', async () => {
      const { db } = testDb;
      const other = await createDb(testDb.url);
      // enough findings that the two transactions would overlap without the lock
      const many = Array.from({ length: 4000 }, (_, i) => finding('FIELD_MISSING', `3701121990${String(i).padStart(8, '0')}`, JINAN_LICHENG));
      try {
        const both = await Promise.all([
          applyRun(db, night(1, '2023-06-10'), input([uninsuredA(), staleC(), ...many], [newAid('2023-05-20')]), jinanScope()),
          applyRun(other, night(2, '2023-06-10'), input([uninsuredA(), staleC(), ...many], [newAid('2023-05-20')]), jinanScope()),
        ]);
        expect(both.map((r) => r.findings.MED_UNINSURED).sort((a, b) => b!.new - a!.new)).toEqual([
          { new: 1, stillOpen: 0, autoClosed: 0, reopened: 0 },
          { new: 0, stillOpen: 1, autoClosed: 0, reopened: 0 },
        ]);
        expect(both.map((r) => r.tickets.NEW_AID_UNASSESSED?.opened).sort()).toEqual([0, 1]);
        expect((await listEvents(db, 'finding', `MED_UNINSURED|${A}|medical`)).map((e) => e.action)).toEqual(['opened']);
      } finally {
        await other.close();
      }
    });

    it('a person sets statuses with events; dismissing needs a reason; a stale expectation changes nothing', async () => {
      const { db } = testDb;
      const key = `MED_UNINSURED|${A}|medical`;
      await applyRun(db, night(1, '2023-06-10'), input([uninsuredA()]), jinanScope());
      await expect(setFindingStatus(db, key, 'dismissed', { by: '王科员', at: '2023-06-11' })).rejects.toThrow(/needs a reason/);
      await expect(setFindingStatus(db, key, 'auto_closed', { by: '王科员', at: '2023-06-11' })).rejects.toThrow(/not one of/);
      await expect(setFindingStatus(db, 'MED_UNINSURED|370112199901019999|medical', 'resolved', { by: '王科员', at: '2023-06-11' })).rejects.toThrow(
        /370112\*+9999.*not in the ledger/,
      );
      const stale = await setFindingStatus(db, key, 'resolved', { by: '王科员', at: '2023-06-11', expect: { status: 'open', reopenedCount: 1 } });
      expect(stale.outcome).toBe('stale');
      expect((await getFinding(db, key))?.status).toBe('open');
      const done = await setFindingStatus(db, key, 'in_progress', { by: '王科员', note: '已联系医保局', at: '2023-06-11', expect: { status: 'open', reopenedCount: 0 } });
      expect(done.outcome).toBe('updated');
      expect(await getFinding(db, key)).toMatchObject({ status: 'in_progress', note: '已联系医保局', updated_by: '王科员', updated_at: '2023-06-11' });
      expect((await setFindingStatus(db, key, 'in_progress', { by: '王科员', note: '已联系医保局', at: '2023-06-12' })).outcome).toBe('unchanged');
      const events = await listEvents(db, 'finding', key);
      expect(events.at(-1)).toMatchObject({ action: 'status', from_status: 'open', to_status: 'in_progress', by: '王科员', at: '2023-06-11', run_id: null });
      // in_progress is still "open" for the nightly run: not found → auto-closed
      await applyRun(db, night(2, '2023-06-12'), input([]), jinanScope());
      expect((await getFinding(db, key))?.status).toBe('auto_closed');
    });
  });
}
