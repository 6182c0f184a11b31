/**
 * Out-of-pocket medical cost per person over the counted medical rows (the
 * latest 参保年度), summed across schemes and files (rules.md "Medical rows").
 */
import type { MatchedRecord } from '../../match/match-departments.js';
import type { SystemPerson } from '../../match/persons.js';
import type { TicketTrigger } from '../../model/findings.js';
import type { MedicalRecord, SystemMember } from '../../model/records.js';
import type { RuleContext } from '../context.js';

export interface PersonExpense {
  /** the system row matched (a living person's first row), or null when not in the system */
  member: SystemMember | null;
  person: SystemPerson | null;
  /** the person's normalised ID (system subject, else the department ID) */
  idNumber: string;
  name: string;
  total: number;
  year: number | null;
  records: MedicalRecord[];
}

/** What personExpenses groups a counted row by: its living person, else its system row, else its ID. */
function groupOf(context: RuleContext, { record, match }: MatchedRecord<MedicalRecord>): { key: unknown; person: SystemPerson | null } {
  const person = match.member ? context.personOfRow.get(match.member) ?? null : null;
  return { key: person ?? match.member ?? `id:${record.id.key}`, person };
}

/**
 * The people whose out-of-pocket cost over the counted rows reaches `threshold`.
 * Summed first, then an expense (with its rows) made only for those: a city
 * has hundreds of thousands of people with some cost and a few thousand over it.
 */
export function personExpenses(context: RuleContext, threshold: number): PersonExpense[] {
  const rows = (context.countedMedical as MatchedRecord<MedicalRecord>[]).filter(({ record }) => record.outOfPocket !== null);
  const totals = new Map<unknown, number>();
  for (const row of rows) {
    const { key } = groupOf(context, row);
    totals.set(key, (totals.get(key) ?? 0) + row.record.outOfPocket!);
  }
  const byGroup = new Map<unknown, PersonExpense>();
  for (const row of rows) {
    const { key, person } = groupOf(context, row);
    if (totals.get(key)! < threshold) continue;
    const { record, match } = row;
    let expense = byGroup.get(key);
    if (!expense) {
      const member = person ? person.first : match.member;
      expense = {
        member,
        person,
        idNumber: person ? person.subject : member ? member.id.key : record.id.key,
        name: member ? member.name : record.name,
        total: 0,
        year: context.latestMedicalYear,
        records: [],
      };
      byGroup.set(key, expense);
    }
    expense.total += record.outOfPocket!;
    expense.records.push(record);
  }
  return [...byGroup.values()];
}

/**
 * 医保 rows that match no one (half of a city's) are read again only for the
 * expense ticket of a person not in the system, summed per ID over the
 * counted 参保年度 as personExpenses sums them (its `id:` groups: rows with no
 * member). The rows of an ID whose sum stays under the threshold can make
 * nothing: buildContext lets them go once matched and counted (a third of a
 * gigabyte on a city night). Kept beside personExpenses: the two must group alike.
 */
export function withoutIdleStrangers(
  rows: MatchedRecord<MedicalRecord>[],
  countedYear: number | null,
  threshold: number,
): MatchedRecord<MedicalRecord>[] {
  const totals = new Map<string, number>();
  for (const { record, match } of rows) {
    if (match.member !== null || record.outOfPocket === null || (countedYear !== null && record.year !== countedYear)) continue;
    totals.set(record.id.key, (totals.get(record.id.key) ?? 0) + record.outOfPocket);
  }
  return rows.filter(({ record, match }) => match.outcome !== 'none' || (totals.get(record.id.key) ?? 0) >= threshold);
}

export function expensesAboveThreshold(context: RuleContext): PersonExpense[] {
  return personExpenses(context, context.params.medicalExpenseThreshold);
}

/** The ticket trigger of an expense: per person and 参保年度, dated the night it was first seen. */
export function expenseTrigger(expense: PersonExpense, firstSeen: string): TicketTrigger {
  return {
    what: 'expense',
    idNumber: expense.idNumber,
    name: expense.name,
    date: firstSeen,
    year: expense.year,
    evidence: expense.records.map(({ file, row }) => ({ file, row })),
  };
}
