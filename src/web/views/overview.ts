/** The overview page: open findings per rule and severity, per town or county, overdue tickets, last runs. */
import type { RunRow, TicketRow } from '../../db/tables/ledger.js';
import { html, queryString, type SafeHtml } from '../html.js';
import { label, ruleOptions, SEVERITY_ZH } from '../labels.js';
import { ticketKindTitle } from '../../rules/catalogue.js';
import { runsTable } from './runs.js';

export interface AreaCount {
  /** town code (county users) or county code; '' when unplaced */
  code: string;
  name: string;
  open: number;
}

export function overviewView(v: {
  byRule: { rule: string; open: number }[];
  areas: AreaCount[];
  areaLabel: string;
  overdue: { row: TicketRow; token: string }[];
  overdueTotal: number;
  openTickets: number;
  runs: RunRow[];
  today: string;
}): SafeHtml {
  const counts = new Map(v.byRule.map((r) => [r.rule, r.open]));
  const rules = ruleOptions().filter((r) => counts.has(r.code));
  const bySeverity = (['high', 'medium', 'low'] as const).map((s) => ({
    severity: s,
    open: rules.filter((r) => r.severity === s).reduce((sum, r) => sum + (counts.get(r.code) ?? 0), 0),
  }));
  const total = v.byRule.reduce((sum, r) => sum + r.open, 0);
  return html`<h1>概览</h1>
<div class="card">未关闭问题 <b id="open-total">${total}</b> 条：${bySeverity.map(
    (s) => html`<a class="sev-${s.severity}" href="/findings${queryString({ severity: s.severity })}">${label(SEVERITY_ZH, s.severity)} ${s.open}</a>　`,
  )}｜ 待研判工单 <a href="/tickets">${v.openTickets}</a> 件，其中逾期 <a class="overdue" href="/tickets?overdue=1">${v.overdueTotal}</a> 件</div>
<div class="grid">
<div><h2>按问题类型</h2>
<table id="by-rule"><thead><tr><th>问题类型</th><th>严重程度</th><th class="num">未关闭</th></tr></thead><tbody>${rules.map(
    (r) => html`<tr><td><a href="/findings${queryString({ rule: r.code })}">${r.title}</a></td><td class="sev-${r.severity}">${label(SEVERITY_ZH, r.severity)}</td><td class="num">${counts.get(r.code) ?? 0}</td></tr>`,
  )}</tbody></table>${rules.length === 0 ? html`<p class="muted">没有未关闭的问题。</p>` : ''}</div>
<div><h2>按${v.areaLabel}</h2>
<table id="by-area"><thead><tr><th>${v.areaLabel}</th><th class="num">未关闭</th></tr></thead><tbody>${v.areas.map(
    (a) => html`<tr><td>${v.areaLabel === '乡镇' && a.code ? html`<a href="/findings${queryString({ town: a.code })}">${a.name}</a>` : a.name}</td><td class="num">${a.open}</td></tr>`,
  )}</tbody></table></div></div>
<h2>逾期工单</h2>
${v.overdue.length === 0 ? html`<p class="muted">没有逾期工单。</p>` : html`<table id="overdue"><thead><tr><th>工单类型</th><th>乡镇</th><th>村</th><th>户主</th><th>期限</th></tr></thead><tbody>${v.overdue.map(
    ({ row, token }) => html`<tr><td><a href="/tickets/${token}">${ticketKindTitle(row.kind)}</a></td><td>${row.town ?? ''}</td><td>${row.village ?? ''}</td><td>${row.head_name ?? ''}</td><td class="overdue">${row.due_at}</td></tr>`,
  )}</tbody></table>${v.overdueTotal > v.overdue.length ? html`<p><a href="/tickets?overdue=1">查看全部 ${v.overdueTotal} 件逾期工单</a></p>` : ''}`}
<h2>最近运行</h2>${runsTable(v.runs)}`;
}
