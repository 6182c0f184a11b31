/** The shape of a research-ticket kind (rules.md "Research tickets"). */
import type { TicketCandidate, TicketKind, TicketTrigger } from '../../model/findings.js';
import type { SourceKind } from '../../model/records.js';
import type { RuleContext } from '../context.js';
import type { AssessmentBook } from './coverage.js';
import { expensesAboveThreshold, type PersonExpense } from './expenses.js';

export interface TicketKindInfo {
  kind: TicketKind;
  titleZh: string;
  seed: string;
  /** parts evaluated only when their source is present: part name → source */
  parts: { part: string; source: SourceKind }[];
}

export interface TicketKindDefinition extends TicketKindInfo {
  evaluate(context: RuleContext, assessments: AssessmentBook, expenses: ExpenseLedger): TicketCandidate[];
}

/** Expense triggers this night: their first-seen dates (ledger memory, else asOf), remembered for the ledger. */
export class ExpenseLedger {
  readonly seen = new Map<string, string>();
  private aboveThreshold: PersonExpense[] | null = null;
  constructor(private readonly context: RuleContext) {}

  /** The people whose counted cost reaches medicalExpenseThreshold: summed once, for every kind that reads them. */
  overThreshold(): PersonExpense[] {
    return (this.aboveThreshold ??= expensesAboveThreshold(this.context));
  }

  firstSeen(idNumber: string, year: number | null): string {
    const key = `${idNumber}|${year ?? ''}`;
    const date = this.context.prior.expenseFirstSeen.get(key) ?? this.context.params.asOf;
    this.seen.set(key, date);
    return date;
  }
}

export function latestDate(triggers: readonly TicketTrigger[]): string {
  return triggers.reduce((latest, trigger) => (trigger.date > latest ? trigger.date : latest), '');
}
