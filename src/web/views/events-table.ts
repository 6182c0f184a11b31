/** The history of a finding or ticket: every event with who, when and why. */
import type { EventRow } from '../../db/tables/ledger.js';
import { html, type SafeHtml } from '../html.js';
import { label } from '../labels.js';

const ACTION_ZH: Record<string, string> = {
  opened: '发现', open: '发现', status: '更改状态', assessed: '研判', reopened: '重新打开',
  auto_closed: '自动关闭', evidence_changed: '证据变化', new_cycle: '新一轮',
};

export function eventsTable(events: EventRow[], statusLabels: Record<string, string>): SafeHtml {
  if (events.length === 0) return html`<p class="muted">暂无记录。</p>`;
  return html`<table id="events"><thead><tr><th>日期</th><th>操作人</th><th>操作</th><th>状态变化</th><th>说明</th></tr></thead><tbody>${events.map(
    (e) => html`<tr><td>${e.at}</td><td>${e.run_id !== null ? `夜间比对 #${e.run_id}` : e.by}</td><td>${label(ACTION_ZH, e.action)}</td>
<td>${e.from_status ? label(statusLabels, e.from_status) : ''}${e.from_status || e.to_status ? ' → ' : ''}${label(statusLabels, e.to_status)}</td><td>${e.note ?? ''}</td></tr>`,
  )}</tbody></table>`;
}
