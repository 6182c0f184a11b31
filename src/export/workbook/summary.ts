/**
 * The 汇总 sheet: counts per rule and per town, open vs closed, and the
 * research tickets (open, overdue, closed). Pure: counts in, table blocks out.
 */
import { safeCell } from '../safe-text.js';
import type { FindingCount, TicketCount } from './items.js';
import { ruleTitle, ticketKindTitle } from '../../rules/catalogue.js';
import { RULE_ORDER } from './rows.js';

export interface TableBlock {
  heading: string;
  header: string[];
  rows: (string | number)[][];
}

interface FindingTally { open: number; inProgress: number; closed: number }
interface TicketTally { open: number; overdue: number; assessed: number; autoClosed: number }

const NO_TOWN = '（未定位到乡镇）';

function tallyFinding(tally: FindingTally, count: FindingCount): void {
  if (count.status === 'open') tally.open += count.count;
  else if (count.status === 'in_progress') tally.inProgress += count.count;
  else tally.closed += count.count;
}

function tallyTicket(tally: TicketTally, count: TicketCount): void {
  if (count.status === 'open') {
    tally.open += count.count;
    if (count.overdue) tally.overdue += count.count;
  } else if (count.status === 'assessed') tally.assessed += count.count;
  else tally.autoClosed += count.count;
}

const emptyFindingTally = (): FindingTally => ({ open: 0, inProgress: 0, closed: 0 });
const emptyTicketTally = (): TicketTally => ({ open: 0, overdue: 0, assessed: 0, autoClosed: 0 });

function sortedEntries<T>(map: Map<string, T>, order: (key: string) => number): [string, T][] {
  return [...map].sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b, 'zh-CN'));
}

export function summaryBlocks(findings: FindingCount[], tickets: TicketCount[]): TableBlock[] {
  const byRule = new Map<string, FindingTally>();
  const byTown = new Map<string, { findings: FindingTally; tickets: TicketTally }>();
  const byKind = new Map<string, TicketTally>();
  const townOf = (town: string | null) => {
    const name = town ?? NO_TOWN;
    let entry = byTown.get(name);
    if (!entry) byTown.set(name, (entry = { findings: emptyFindingTally(), tickets: emptyTicketTally() }));
    return entry;
  };
  for (const count of findings) {
    let rule = byRule.get(count.rule);
    if (!rule) byRule.set(count.rule, (rule = emptyFindingTally()));
    tallyFinding(rule, count);
    tallyFinding(townOf(count.town).findings, count);
  }
  for (const count of tickets) {
    let kind = byKind.get(count.kind);
    if (!kind) byKind.set(count.kind, (kind = emptyTicketTally()));
    tallyTicket(kind, count);
    tallyTicket(townOf(count.town).tickets, count);
  }

  const ruleIndex = (rule: string) => { const i = RULE_ORDER.indexOf(rule); return i < 0 ? RULE_ORDER.length : i; };
  const ruleRows = sortedEntries(byRule, ruleIndex).map(([rule, t]) => [safeCell(ruleTitle(rule)), t.open, t.inProgress, t.open + t.inProgress, t.closed]);
  const townRows = sortedEntries(byTown, (town) => (town === NO_TOWN ? 1 : 0))
    .map(([town, t]) => [safeCell(town), t.findings.open + t.findings.inProgress, t.findings.closed, t.tickets.open, t.tickets.overdue]);
  const kindRows = sortedEntries(byKind, () => 0)
    .map(([kind, t]) => [safeCell(ticketKindTitle(kind)), t.open, t.overdue, t.assessed, t.autoClosed]);

  const total = (rows: (string | number)[][]) =>
    rows.length === 0 ? [] : [['合计', ...rows[0]!.slice(1).map((_, i) => rows.reduce((sum, row) => sum + Number(row[i + 1]), 0))]];
  return [
    { heading: '按问题类型', header: ['问题类型', '待核实', '核实中', '未关闭合计', '已关闭'], rows: [...ruleRows, ...total(ruleRows)] },
    { heading: '按乡镇', header: ['乡镇', '未关闭问题', '已关闭问题', '待研判工单', '其中超期'], rows: [...townRows, ...total(townRows)] },
    { heading: '研判工单', header: ['工单类型', '待研判', '其中超期', '已研判', '自动关闭'], rows: [...kindRows, ...total(kindRows)] },
  ];
}
