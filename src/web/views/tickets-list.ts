/** The research tickets list: filters (kind, status, town, overdue), table, pager. */
import type { TicketRow } from '../../db/tables/ledger.js';
import { html, type SafeHtml } from '../html.js';
import { label, TICKET_STATUS_ZH, ticketKindOptions } from '../labels.js';
import { ticketKindTitle } from '../../rules/catalogue.js';
import { isOverdue } from '../../ledger/dates.js';
import { pager } from './pager.js';

export interface TicketListQuery {
  kind: string;
  /** one status, or 'all' */
  status: string;
  town: string;
  overdue: boolean;
  page: number;
}

export function ticketsListView(v: {
  query: TicketListQuery;
  rows: { row: TicketRow; token: string }[];
  total: number;
  pageSize: number;
  today: string;
  linkFor: (page: number) => string;
}): SafeHtml {
  const q = v.query;
  const statuses = [{ value: 'all', text: '全部' }, ...Object.entries(TICKET_STATUS_ZH).map(([value, text]) => ({ value, text }))];
  return html`<h1>研判工单</h1>
<form class="filters" method="get" action="/tickets">
  <label>工单类型<select name="kind"><option value="">全部</option>${ticketKindOptions().map(
    (k) => html`<option value="${k.code}"${k.code === q.kind ? html` selected` : ''}>${k.title}</option>`,
  )}</select></label>
  <label>状态<select name="status">${statuses.map(
    (s) => html`<option value="${s.value}"${s.value === q.status ? html` selected` : ''}>${s.text}</option>`,
  )}</select></label>
  <label>乡镇<input type="text" name="town" value="${q.town}" size="10" placeholder="名称或代码"></label>
  <label><span><input type="checkbox" name="overdue" value="1"${q.overdue ? html` checked` : ''}> 仅看逾期</span></label>
  <button class="primary" type="submit">查询</button>
</form>
<p class="muted">共 ${v.total} 条</p>
<table id="tickets"><thead><tr><th>工单类型</th><th>状态</th><th>乡镇</th><th>村</th><th>户编号</th><th>户主</th><th>触发</th><th>触发日期</th><th>开单</th><th>期限</th><th>研判结论</th></tr></thead>
<tbody>${v.rows.map(
    ({ row, token }) => html`<tr>
<td><a href="/tickets/${token}">${ticketKindTitle(row.kind)}</a></td>
<td><span class="st st-${row.status}">${label(TICKET_STATUS_ZH, row.status)}</span></td>
<td>${row.town ?? ''}</td><td>${row.village ?? ''}</td><td>${row.household_id ?? ''}</td><td>${row.head_name ?? ''}</td>
<td>${row.trigger}</td><td>${row.trigger_date}</td><td>${row.opened_at}</td>
<td class="${isOverdue(row, v.today) ? 'overdue' : ''}">${row.due_at}${isOverdue(row, v.today) ? '（逾期）' : ''}</td><td>${row.result ?? ''}</td></tr>`,
  )}</tbody></table>
${v.rows.length === 0 ? html`<p class="muted">没有符合条件的工单。</p>` : ''}
${pager(q.page, v.total, v.pageSize, v.linkFor)}`;
}
