/**
 * How a ledger row reads in a county workbook: the cells of a finding or
 * ticket row, every text made safe (no formula from a leading = + - @), and
 * the Chinese words for kinds and triggers.
 */
import type { FindingRow, TicketRow } from '../../db/tables/ledger.js';
import { isOverdue } from '../../ledger/dates.js';
import { RULES, ticketKindTitle } from '../../rules/catalogue.js';
import { problemText, valueText } from '../finding-text.js';
import { safeCell } from '../safe-text.js';
import { encodeItemCell, FINDING_COLUMNS, TICKET_COLUMNS, type ExportedItem } from './layout.js';
import type { SheetRow } from './sheet-writer.js';

/** Rule codes in catalogue order (the order of a workbook's sheets). */
export const RULE_ORDER: readonly string[] = RULES.map((rule) => rule.code);

const TRIGGER_WORDS: Record<string, string> = {
  'dibao approved': '新纳入农村低保',
  'dibao applying': '申请农村低保',
  'tekun approved': '新纳入特困供养',
  'tekun applying': '申请特困供养',
  'dibao ended': '退出农村低保',
  expense: '医疗自付费用较高',
};

const text = (value: string | null | undefined): string => safeCell(value ?? '');

/** The ID number a finding row shows: the system member's, else the department's (MATCH_AMBIGUOUS). */
export function findingIdCell(finding: Pick<FindingRow, 'id_number' | 'dept_id_number'>): string {
  return text(finding.id_number ?? finding.dept_id_number);
}

/**
 * The ID a ticket row shows under 户主身份证号: the civil head's, else the
 * stored member named as head, else the first stored member (tickets of
 * system households carry no civil head ID). Import compares against this.
 */
export function ticketIdCell(ticket: Pick<TicketRow, 'civil_head_id_number' | 'head_name' | 'members'>): string {
  if (ticket.civil_head_id_number) return text(ticket.civil_head_id_number);
  const members = parseList<MemberCell>(ticket.members).filter((member) => member.idNumber);
  const head = members.find((member) => ticket.head_name && member.name === ticket.head_name) ?? members[0];
  return text(head?.idNumber);
}

export function findingItem(finding: FindingRow): ExportedItem {
  return { type: 'finding', key: finding.key, status: finding.status as ExportedItem['status'], reopened: finding.reopened_count };
}

export function ticketItem(ticket: TicketRow): ExportedItem {
  return { type: 'ticket', key: ticket.key, status: ticket.status as ExportedItem['status'], reopened: ticket.reopened_count };
}

export function findingSheetRow(finding: FindingRow, seq: number): SheetRow {
  const answers = FINDING_COLUMNS.filter((column) => column.answer).map(() => null);
  return {
    values: [
      seq, text(finding.town), text(finding.village), text(finding.household_id), text(finding.name),
      findingIdCell(finding), text(problemText(finding)), text(valueText(finding.system_value)), text(valueText(finding.dept_value)),
      finding.first_seen, ...answers, text(encodeItemCell(findingItem(finding))),
    ],
  };
}

interface MemberCell { idNumber?: string; name?: string }
interface TriggerCell { what?: string; name?: string; date?: string }

function parseList<T>(json: string): T[] {
  try {
    const parsed = JSON.parse(json) as unknown;
    return Array.isArray(parsed) ? (parsed as T[]) : [];
  } catch {
    return [];
  }
}

/** `张三 370102…；李四 370102…` */
export function membersText(membersJson: string): string {
  return parseList<MemberCell>(membersJson)
    .map((member) => [member.name, member.idNumber].filter(Boolean).join(' '))
    .join('；');
}

/** `新纳入农村低保（张三，2023-03-01）；…` */
export function triggersText(triggersJson: string, fallback: string): string {
  const triggers = parseList<TriggerCell>(triggersJson);
  if (triggers.length === 0) return TRIGGER_WORDS[fallback] ?? fallback;
  return triggers
    .map((trigger) => {
      const what = TRIGGER_WORDS[trigger.what ?? ''] ?? trigger.what ?? '';
      const about = [trigger.name, trigger.date].filter(Boolean).join('，');
      return about ? `${what}（${about}）` : what;
    })
    .join('；');
}

export function ticketSheetRow(ticket: TicketRow, seq: number, asOf: string): SheetRow {
  const overdue = isOverdue(ticket, asOf);
  const answers = TICKET_COLUMNS.filter((column) => column.answer).map(() => null);
  return {
    values: [
      seq, text(ticket.town), text(ticket.village), text(ticket.household_id), text(ticketKindTitle(ticket.kind)),
      text(ticket.head_name), ticketIdCell(ticket), text(membersText(ticket.members)),
      text(triggersText(ticket.triggers, ticket.trigger)), ticket.trigger_date, ticket.opened_at, ticket.due_at,
      overdue ? '是' : '否', ...answers, text(encodeItemCell(ticketItem(ticket))),
    ],
    highlight: overdue,
  };
}
