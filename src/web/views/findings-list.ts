/** The findings list page: filter form (POSTed, so the search stays out of URLs), table, pager. */
import type { FindingRow } from '../../db/tables/ledger.js';
import { html, type SafeHtml } from '../html.js';
import { FINDING_STATUS_ZH, label, ruleOptions, SEVERITY_ZH, SOURCE_ZH } from '../labels.js';
import { ruleTitle } from '../../rules/catalogue.js';
import { pager } from './pager.js';

export interface FindingListQuery {
  rule: string;
  severity: string;
  /** 'active' (open + in_progress), 'all', or one status */
  status: string;
  town: string;
  village: string;
  page: number;
}

function select(name: string, current: string, options: { value: string; text: string }[]): SafeHtml {
  return html`<select name="${name}">${options.map(
    (o) => html`<option value="${o.value}"${o.value === current ? html` selected` : ''}>${o.text}</option>`,
  )}</select>`;
}

export function findingsListView(v: {
  query: FindingListQuery;
  search: string;
  rows: { row: FindingRow; token: string }[];
  total: number;
  pageSize: number;
  csrfToken: string;
  /** the list URL of a page number (filters kept, search never) */
  linkFor: (page: number) => string;
}): SafeHtml {
  const q = v.query;
  const statusOptions = [
    { value: 'active', text: '未关闭（待处理+处理中）' },
    { value: 'all', text: '全部' },
    ...Object.entries(FINDING_STATUS_ZH).map(([value, text]) => ({ value, text })),
  ];
  return html`<h1>问题清单</h1>
<form class="filters" method="post" action="/findings/search">
  <input type="hidden" name="_csrf" value="${v.csrfToken}">
  <label>问题类型${select('rule', q.rule, [{ value: '', text: '全部' }, ...ruleOptions().map((r) => ({ value: r.code, text: r.title }))])}</label>
  <label>严重程度${select('severity', q.severity, [{ value: '', text: '全部' }, ...Object.entries(SEVERITY_ZH).map(([value, text]) => ({ value, text }))])}</label>
  <label>状态${select('status', q.status, statusOptions)}</label>
  <label>乡镇<input type="text" name="town" value="${q.town}" size="10" placeholder="名称或代码"></label>
  <label>村<input type="text" name="village" value="${q.village}" size="10" placeholder="名称或代码"></label>
  <label>姓名或身份证号<input type="text" name="search" value="${v.search}" size="20" autocomplete="off"></label>
  <button class="primary" type="submit">查询</button>
  ${v.search ? html`<button class="link" type="submit" name="clear" value="1">清除姓名/证件号</button>` : ''}
</form>
<p class="muted">共 ${v.total} 条${v.search ? '（已按姓名或证件号筛选）' : ''}</p>
<table id="findings">
<thead><tr><th>问题类型</th><th>严重程度</th><th>状态</th><th>来源</th><th>乡镇</th><th>村</th><th>户编号</th><th>姓名</th><th>身份证号</th><th>首次发现</th></tr></thead>
<tbody>${v.rows.map(
    ({ row, token }) => html`<tr>
<td><a href="/findings/${token}">${ruleTitle(row.rule)}</a></td>
<td class="sev-${row.severity}">${label(SEVERITY_ZH, row.severity)}</td>
<td><span class="st st-${row.status}">${label(FINDING_STATUS_ZH, row.status)}</span></td>
<td>${label(SOURCE_ZH, row.source)}</td><td>${row.town ?? ''}</td><td>${row.village ?? ''}</td>
<td>${row.household_id ?? ''}</td><td>${row.name ?? ''}</td><td>${row.id_number ?? row.dept_id_number ?? ''}</td><td>${row.first_seen}</td></tr>`,
  )}</tbody></table>
${v.rows.length === 0 ? html`<p class="muted">没有符合条件的问题。</p>` : ''}
${pager(q.page, v.total, v.pageSize, v.linkFor)}`;
}
