/**
 * MEDICAL_EXPENSE_RISK: a heavy out-of-pocket medical cost for someone whose
 * household is not monitored (in the system or not) is assessed; eliminated
 * monitoring households go to NEW_RISK_AFTER_ELIMINATION instead.
 */
import type { Household } from '../../match/households.js';
import { isMonitoring } from '../../match/households.js';
import type { TicketCandidate, TicketTrigger } from '../../model/findings.js';
import type { Place } from '../../model/records.js';
import { addDays } from '../age.js';
import { coverFrom } from './coverage.js';
import { expenseTrigger } from './expenses.js';
import { householdTicket } from './household-ticket.js';
import { EXPENSE_COVER_DAYS } from './new-risk-after-elimination.js';
import { latestDate, type TicketKindDefinition } from './ticket-kind.js';

export const medicalExpenseRisk: TicketKindDefinition = {
  kind: 'MEDICAL_EXPENSE_RISK',
  titleZh: '医疗费用负担较重需研判',
  seed: '一(三)',
  parts: [{ part: 'MEDICAL_EXPENSE_RISK', source: 'medical' }],
  evaluate(context, assessments, expenses) {
    if (!context.records.present.has('medical')) return [];
    const inSystem = new Map<string, { household: Household; triggers: TicketTrigger[]; from: string[] }>();
    const tickets: TicketCandidate[] = [];
    for (const expense of expenses.overThreshold()) {
      const household = expense.member ? context.households.get(expense.member.householdId) : undefined;
      if (household && isMonitoring(household.fields)) continue;
      const firstSeen = expenses.firstSeen(expense.idNumber, expense.year);
      const trigger = expenseTrigger(expense, firstSeen);
      const from = addDays(firstSeen, -EXPENSE_COVER_DAYS);
      if (household) {
        const entry = inSystem.get(household.householdId) ?? { household, triggers: [], from: [] };
        entry.triggers.push(trigger);
        entry.from.push(from);
        inSystem.set(household.householdId, entry);
        continue;
      }
      const place: Place = expense.records[0]!.place;
      tickets.push({
        kind: 'MEDICAL_EXPENSE_RISK',
        subject: expense.idNumber,
        householdId: null,
        civilHeadIdNumber: null,
        headName: expense.name || null,
        memberIds: [expense.idNumber],
        memberNames: [expense.name],
        place,
        triggers: [trigger],
        triggerDate: latestDate([trigger]),
        trigger: 'outOfPocket',
        coveredBy: coverFrom(assessments.forIds([expense.idNumber]), from),
      });
    }
    for (const { household, triggers, from } of inSystem.values()) {
      const latestFrom = from.reduce((latest, date) => (date > latest ? date : latest), '');
      tickets.push(householdTicket('MEDICAL_EXPENSE_RISK', household, triggers, 'outOfPocket', coverFrom(assessments.forHousehold(household), latestFrom)));
    }
    return tickets;
  },
};
