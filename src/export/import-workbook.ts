/**
 * `importWorkbook`: reads a returned correction workbook back into the ledger.
 * Each filled row becomes one change through the ledger's own functions
 * (setFindingStatus / assessTicket), guarded by what the hidden key cell
 * remembers of the item at export; a row that cannot be applied is reported
 * with its sheet and row and changes nothing. The CLI and the web page both
 * call this.
 */
import type { Db } from '../db/create-db.js';
import { InputError } from '../errors.js';
import { isIsoDate, today as todayIso } from '../ledger/dates.js';
import { setFindingStatus } from '../ledger/finding-status.js';
import { assessTicket } from '../ledger/assess-ticket.js';
import { getFinding, getTicket } from '../ledger/queries.js';
import { FINDING_ANSWERS, TICKET_RESULTS, type FindingAnswer } from './workbook/layout.js';
import { readAnswerRows, type AnswerRow } from './workbook/read-answers.js';
import { findingIdCell, ticketIdCell } from './workbook/rows.js';

export interface ImportIssue {
  sheet: string;
  row: number;
  reason: string;
}

export interface ImportReport {
  file: string;
  /** rows with anything in an answer column */
  rowsRead: number;
  findings: { resolved: number; dismissed: number; inProgress: number };
  tickets: { assessed: number };
  /** rows already so in the ledger (e.g. the same workbook imported again) */
  unchanged: number;
  issues: ImportIssue[];
}

export interface ImportOptions {
  /** who imports (recorded next to the 核实人/研判人 of each row) */
  by?: string;
  /** the date a blank 核实日期 / 研判日期 takes (default: today) */
  today?: string;
}

const FINDING_STATUS_OF: Record<FindingAnswer, 'resolved' | 'dismissed' | 'in_progress'> = {
  已整改: 'resolved',
  情况属实无需整改: 'dismissed',
  部门数据有误: 'dismissed',
  其他: 'in_progress',
};

type RowOutcome = { change: 'resolved' | 'dismissed' | 'in_progress' | 'assessed' } | { unchanged: true } | { issue: string };

export async function importWorkbook(db: Db, file: string, options: ImportOptions = {}): Promise<ImportReport> {
  const report: ImportReport = {
    file, rowsRead: 0, findings: { resolved: 0, dismissed: 0, inProgress: 0 }, tickets: { assessed: 0 }, unchanged: 0, issues: [],
  };
  const importDate = options.today ?? todayIso();
  if (!isIsoDate(importDate)) throw new InputError(`import date "${importDate}" is not a date (YYYY-MM-DD)`);
  for await (const row of readAnswerRows(file)) {
    report.rowsRead++;
    let outcome: RowOutcome;
    try {
      outcome = row.type === 'finding' ? await importFindingRow(db, row, importDate, options.by) : await importTicketRow(db, row, importDate, options.by);
    } catch (err) {
      // the ledger refuses a change with an InputError (masked); anything else is a real fault
      if (!(err instanceof InputError)) throw err;
      outcome = { issue: err.message };
    }
    if ('issue' in outcome) report.issues.push({ sheet: row.sheet, row: row.row, reason: outcome.issue });
    else if ('unchanged' in outcome) report.unchanged++;
    else if (outcome.change === 'assessed') report.tickets.assessed++;
    else if (outcome.change === 'in_progress') report.findings.inProgress++;
    else report.findings[outcome.change]++;
  }
  return report;
}

/** Checks every row shares; returns the reason it cannot be applied, or the date to apply it with. */
function commonChecks(row: AnswerRow, vocabulary: readonly string[], importDate: string): { issue: string } | { date: string } {
  const labels = row.type === 'finding' ? { answer: '核实结果', by: '核实人', date: '核实日期' } : { answer: '研判结论', by: '研判人', date: '研判日期' };
  if (row.answer === '') return { issue: `${labels.answer} is blank` };
  if (!vocabulary.includes(row.answer)) return { issue: `${labels.answer} is not one of the drop-down values ${vocabulary.join(' / ')}` };
  if (row.by === '') return { issue: `${labels.by} is blank: an answer counts only with who checked it` };
  if (row.date === null) return { issue: `${labels.date} is not a date` };
  return { date: row.date || importDate };
}

function recordedBy(row: AnswerRow, importer: string | undefined): string {
  return importer && importer !== row.by ? `${row.by}（${importer}导入）` : row.by;
}

async function importFindingRow(db: Db, row: AnswerRow, importDate: string, importer: string | undefined): Promise<RowOutcome> {
  if (!row.item) return { issue: 'the hidden key cell is missing or was changed: unknown item' };
  if (row.item.type !== 'finding') return { issue: 'the hidden key cell names a ticket on a finding sheet' };
  const finding = await getFinding(db, row.item.key);
  if (!finding) return { issue: 'unknown key: the finding is not in the ledger' };
  if (row.idCell !== findingIdCell(finding)) return { issue: '身份证号 was changed since export; correct the data in the system, not in this sheet' };
  const checked = commonChecks(row, FINDING_ANSWERS, importDate);
  if ('issue' in checked) return checked;
  const answer = row.answer as FindingAnswer;
  const status = FINDING_STATUS_OF[answer];
  // the answer is the reason (a dismissal needs one); the county's words follow it
  const note = row.note ? `${answer}：${row.note}` : answer;
  const { outcome, finding: now } = await setFindingStatus(db, finding.key, status, {
    by: recordedBy(row, importer), note, at: checked.date, expect: { status: row.item.status, reopenedCount: row.item.reopened },
  });
  if (outcome === 'unchanged') return { unchanged: true };
  if (outcome === 'stale') return { issue: `the finding changed since export (was ${row.item.status}, reopened ${row.item.reopened}; now ${now.status}, reopened ${now.reopened_count}): export a fresh workbook` };
  return { change: status };
}

async function importTicketRow(db: Db, row: AnswerRow, importDate: string, importer: string | undefined): Promise<RowOutcome> {
  if (!row.item) return { issue: 'the hidden key cell is missing or was changed: unknown item' };
  if (row.item.type !== 'ticket') return { issue: 'the hidden key cell names a finding on the ticket sheet' };
  const ticket = await getTicket(db, row.item.key);
  if (!ticket) return { issue: 'unknown key: the ticket is not in the ledger' };
  if (row.idCell !== ticketIdCell(ticket)) return { issue: '户主身份证号 was changed since export' };
  const checked = commonChecks(row, TICKET_RESULTS, importDate);
  if ('issue' in checked) return checked;
  if (checked.date < ticket.trigger_date) return { issue: `研判日期 ${checked.date} is before the trigger date ${ticket.trigger_date}: it does not cover this ticket` };
  // a blank 研判日期 took the import date: the same workbook imported on a later day is still the same answer
  if (row.date === '' && ticket.status === 'assessed' && ticket.result === row.answer && ticket.reopened_count === row.item.reopened
    && ticket.assessed_by === recordedBy(row, importer)) return { unchanged: true };
  const { outcome, ticket: now } = await assessTicket(db, ticket.key, {
    result: row.answer, by: recordedBy(row, importer), note: row.note || null, assessedAt: checked.date, origin: 'workbook',
    expect: { status: row.item.status, reopenedCount: row.item.reopened },
  });
  if (outcome === 'unchanged') return { unchanged: true };
  if (outcome === 'stale') return { issue: `the ticket changed since export (was ${row.item.status}, reopened ${row.item.reopened}; now ${now.status}, reopened ${now.reopened_count}): export a fresh workbook` };
  return { change: 'assessed' };
}

/** One line per change kind, then one per reported row: what `recon import-workbook` prints. */
export function formatImportReport(report: ImportReport): string {
  const { findings, tickets } = report;
  const lines = [
    `${report.file}: ${report.rowsRead} filled rows; findings resolved ${findings.resolved}, dismissed ${findings.dismissed}, in progress ${findings.inProgress}; tickets assessed ${tickets.assessed}; unchanged ${report.unchanged}; reported ${report.issues.length}`,
  ];
  for (const issue of report.issues) lines.push(`  ${issue.sheet} row ${issue.row}: ${issue.reason}`);
  return lines.join('\n');
}
