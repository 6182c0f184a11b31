/** One research ticket: household, members, triggers, history and the assessment (研判) form. */
import type { EventRow, TicketRow } from '../../db/tables/ledger.js';
import type { TicketTrigger } from '../../model/findings.js';
import { html, type SafeHtml } from '../html.js';
import { ASSESSMENT_RESULTS } from '../../ledger/index.js';
import { label, TICKET_STATUS_ZH } from '../labels.js';
import { ticketKindTitle } from '../../rules/catalogue.js';
import { eventsTable } from './events-table.js';
import { notice } from './layout.js';
import { isOverdue } from '../../ledger/dates.js';

export interface AssessFormState {
  result?: string;
  note?: string;
  assessedAt?: string;
  ok?: string;
  error?: string;
}

function parseList<T>(json: string): T[] {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? (parsed as T[]) : [];
  } catch {
    return [];
  }
}

const TRIGGER_ZH: Record<string, string> = {
  'dibao approved': '新纳入农村低保', 'dibao applying': '申请农村低保', 'tekun approved': '新纳入特困供养',
  'tekun applying': '申请特困供养', 'dibao ended': '取消农村低保', expense: '医疗费用负担较重',
};

export function ticketDetailView(v: {
  ticket: TicketRow;
  events: EventRow[];
  token: string;
  csrfToken: string;
  form: AssessFormState;
  today: string;
  byName: string;
}): SafeHtml {
  const t = v.ticket;
  const members = parseList<{ idNumber: string; name: string }>(t.members);
  const triggers = parseList<TicketTrigger>(t.triggers);
  const place = [t.county, t.town, t.village].filter(Boolean).join(' ');
  return html`<h1>${ticketKindTitle(t.kind)} <span class="st st-${t.status}">${label(TICKET_STATUS_ZH, t.status)}</span></h1>
${notice('ok', v.form.ok)}${notice('err', v.form.error)}
<div class="grid">
<div class="card"><dl class="facts">
<dt>所在地</dt><dd>${place || '未能定位'}</dd>
<dt>户编号</dt><dd>${t.household_id ?? '（不在系统中）'}</dd>
<dt>户主</dt><dd>${t.head_name ?? ''} ${t.civil_head_id_number ?? ''}</dd>
<dt>触发</dt><dd>${label(TRIGGER_ZH, t.trigger)}（${t.trigger_date}）</dd>
<dt>开单日期</dt><dd>${t.opened_at}</dd>
<dt>研判期限</dt><dd class="${isOverdue(t, v.today) ? 'overdue' : ''}">${t.due_at}${isOverdue(t, v.today) ? '（已逾期）' : ''}</dd>
${t.result ? html`<dt>研判结论</dt><dd>${t.result}（${t.assessed_at ?? ''}，${t.assessed_by ?? ''}）</dd>` : ''}
${t.note ? html`<dt>研判说明</dt><dd>${t.note}</dd>` : ''}
</dl></div>
<div class="card"><h2 style="margin-top:0">家庭成员</h2>
<table><thead><tr><th>姓名</th><th>身份证号</th></tr></thead><tbody>${members.map(
    (m) => html`<tr><td>${m.name}</td><td>${m.idNumber}</td></tr>`,
  )}</tbody></table></div></div>
<h2>触发原因</h2>
<table id="triggers"><thead><tr><th>事项</th><th>姓名</th><th>身份证号</th><th>日期</th><th>出处</th></tr></thead><tbody>${triggers.map(
    (tr) => html`<tr><td>${label(TRIGGER_ZH, tr.what)}${tr.year ? `（${tr.year}年度）` : ''}</td><td>${tr.name}</td><td>${tr.idNumber}</td><td>${tr.date}</td>
<td>${(tr.evidence ?? []).map((e) => html`<div>${e.file} 第 ${e.row} 行</div>`)}</td></tr>`,
  )}</tbody></table>
${t.status === 'open' ? assessForm(v) : ''}
<h2>处理记录</h2>${eventsTable(v.events, TICKET_STATUS_ZH)}
<p><a href="/tickets">返回工单列表</a></p>`;
}

function assessForm(v: { ticket: TicketRow; token: string; csrfToken: string; form: AssessFormState; today: string; byName: string }): SafeHtml {
  return html`<div class="card"><h2 style="margin-top:0">研判</h2>
<form method="post" action="/tickets/${v.token}/assess" id="assess-form">
<input type="hidden" name="_csrf" value="${v.csrfToken}">
<input type="hidden" name="expect_status" value="${v.ticket.status}">
<input type="hidden" name="expect_reopened" value="${v.ticket.reopened_count}">
<label>研判结论 <select name="result" required><option value="">请选择</option>${ASSESSMENT_RESULTS.map(
    (r) => html`<option value="${r}"${r === v.form.result ? html` selected` : ''}>${r}</option>`,
  )}</select></label>
<label>研判日期 <input type="date" name="assessed_at" value="${v.form.assessedAt ?? v.today}" min="${v.ticket.trigger_date}" max="${v.today}"></label>
<div style="margin:6px 0"><textarea name="note" rows="2" cols="70" placeholder="研判说明">${v.form.note ?? ''}</textarea></div>
<button class="primary" type="submit">提交研判</button> <span class="muted">研判人：${v.byName}</span>
</form></div>`;
}
