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

type MedicalRow = MatchedRecord<MedicalRecord>;

/**
 * The group of a row that matched no system row: its ID key (the same in
 * expensesAboveThreshold and withoutIdleStrangers; the other groups are
 * objects, so no key clashes). The key string is shared across the night,
 * its hash computed once.
 */
function strangerGroup(record: MedicalRecord): string {
  return record.id.key;
}

/** rules.md "Medical rows": only the latest 参保年度 counts; with no year on any row (null), every row. */
export function isCountedYear(record: MedicalRecord, countedYear: number | null): boolean {
  return countedYear === null || record.year === countedYear;
}

/** What expensesAboveThreshold groups a counted row by: its living person, else its system row, else its ID. */
function groupOf(context: RuleContext, { record, match }: MedicalRow): { key: unknown; person: SystemPerson | null } {
  const person = match.member ? context.personOfRow.get(match.member) ?? null : null;
  return { key: person ?? match.member ?? strangerGroup(record), person };
}

/** Each group's out-of-pocket total, adding its rows in order (the same sums wherever taken); a null group skips the row. */
function costTotals<K>(rows: readonly MedicalRow[], groupOfRow: (row: MedicalRow, i: number) => K | null): Map<K, number> {
  const totals = new Map<K, number>();
  rows.forEach((row, i) => {
    const key = groupOfRow(row, i);
    const cost = row.record.outOfPocket;
    if (key !== null && cost !== null) totals.set(key, (totals.get(key) ?? 0) + cost);
  });
  return totals;
}

/**
 * The people whose out-of-pocket cost over the counted rows reaches
 * medicalExpenseThreshold. Summed first, then an expense (with its rows) made
 * only for those: a city has hundreds of thousands of people with some cost
 * and a few thousand over it.
 */
export function expensesAboveThreshold(context: RuleContext): PersonExpense[] {
  const rows = context.countedMedical.filter(({ record }) => record.outOfPocket !== null);
  const groups = rows.map((row) => groupOf(context, row));
  const totals = costTotals(rows, (_, i) => groups[i]!.key);
  const byGroup = new Map<unknown, PersonExpense>();
  rows.forEach(({ record, match }, i) => {
    const { key, person } = groups[i]!;
    if (totals.get(key)! < context.params.medicalExpenseThreshold) return;
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
  });
  return [...byGroup.values()];
}

/**
 * 医保 rows that match no one (half of a city's) are read again only for the
 * expense ticket of a person not in the system, summed per ID over the
 * counted 参保年度 as expensesAboveThreshold sums them. The rows of an ID
 * whose sum stays under the threshold can make nothing: buildContext lets
 * them go once matched and counted (a third of a gigabyte on a city night).
 */
export function withoutIdleStrangers(rows: MedicalRow[], countedYear: number | null, threshold: number): MedicalRow[] {
  const totals = costTotals(rows, ({ record, match }) => (match.member === null && isCountedYear(record, countedYear) ? strangerGroup(record) : null));
  return rows.filter(({ record, match }) => match.outcome !== 'none' || (totals.get(strangerGroup(record)) ?? 0) >= threshold);
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
