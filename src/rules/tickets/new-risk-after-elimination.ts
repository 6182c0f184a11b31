/**
 * NEW_RISK_AFTER_ELIMINATION (seed 一(三)): a household whose risk was declared
 * eliminated shows a new risk — a 低保/特困 approval after the elimination, or a
 * heavy medical expense — and must be assessed again.
 */
import { isMonitoring } from '../../match/households.js';
import type { TicketCandidate, TicketTrigger } from '../../model/findings.js';
import { addDays } from '../age.js';
import { isActiveRuralDibao, isActiveTekun } from '../civil.js';
import { coverFrom } from './coverage.js';
import { expenseTrigger } from './expenses.js';
import { householdTicket } from './household-ticket.js';
import type { TicketKindDefinition } from './ticket-kind.js';

/** An assessment this many days before an expense was first seen still covers it. */
export const EXPENSE_COVER_DAYS = 90;

export const newRiskAfterElimination: TicketKindDefinition = {
  kind: 'NEW_RISK_AFTER_ELIMINATION',
  titleZh: '风险消除后出现新风险',
  seed: '一(三)',
  parts: [
    { part: 'NEW_RISK_AFTER_ELIMINATION dibao', source: 'dibao' },
    { part: 'NEW_RISK_AFTER_ELIMINATION tekun', source: 'tekun' },
    { part: 'NEW_RISK_AFTER_ELIMINATION expense', source: 'medical' },
  ],
  evaluate(context, assessments, expenses) {
    const eliminated = (householdId: string) => {
      const household = context.households.get(householdId);
      return household && household.living.length > 0 && isMonitoring(household.fields) && household.fields.riskEliminated === 'yes'
        ? household
        : undefined;
    };
    // per household: its triggers, and the date an assessment must be on or after to cover each
    const found = new Map<string, { triggers: TicketTrigger[]; coverFrom: string[] }>();
    const add = (householdId: string, trigger: TicketTrigger, from: string) => {
      const entry = found.get(householdId) ?? { triggers: [], coverFrom: [] };
      entry.triggers.push(trigger);
      entry.coverFrom.push(from);
      found.set(householdId, entry);
    };

    const aidRows = [
      ...(context.records.present.has('dibao')
        ? context.matched.dibao.filter(({ record }) => isActiveRuralDibao(record)).map((row) => ({ row, kind: 'dibao' }))
        : []),
      ...(context.records.present.has('tekun')
        ? context.matched.tekun.filter(({ record }) => isActiveTekun(record)).map((row) => ({ row, kind: 'tekun' }))
        : []),
    ];
    for (const { row, kind } of aidRows) {
      const member = row.match.member;
      if (!member || !member.living) continue;
      const household = eliminated(member.householdId);
      const eliminatedAt = household?.fields.eliminatedAt;
      // a blank eliminatedAt skips the approval part
      if (!household || !eliminatedAt || !row.record.approvedAt || row.record.approvedAt <= eliminatedAt) continue;
      const date = row.record.approvedAt;
      const trigger = { what: `${kind} approved`, idNumber: member.id.key, name: member.name, date, evidence: [{ file: row.record.file, row: row.record.row }] };
      add(household.householdId, trigger, date);
    }
    if (context.records.present.has('medical')) {
      for (const expense of expenses.overThreshold()) {
        if (!expense.person || !expense.member) continue;
        const household = eliminated(expense.member.householdId);
        if (!household) continue;
        const firstSeen = expenses.firstSeen(expense.idNumber, expense.year);
        const trigger = expenseTrigger(expense, firstSeen);
        add(household.householdId, trigger, addDays(firstSeen, -EXPENSE_COVER_DAYS));
      }
    }

    const tickets: TicketCandidate[] = [];
    for (const [householdId, entry] of found) {
      const household = context.households.get(householdId)!;
      const from = entry.coverFrom.reduce((latest, date) => (date > latest ? date : latest), '');
      const covered = coverFrom(assessments.forHousehold(household), from);
      tickets.push(householdTicket('NEW_RISK_AFTER_ELIMINATION', household, entry.triggers, 'new aid/expense', covered));
    }
    return tickets;
  },
};
