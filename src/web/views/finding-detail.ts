/** One finding: facts, evidence (system vs department value, file and row), history, status form. */
import type { EventRow, FindingRow } from '../../db/tables/ledger.js';
import { html, type SafeHtml } from '../html.js';
import { DISMISS_REASONS, FINDING_STATUS_ZH, label, SEVERITY_ZH, SOURCE_ZH } from '../labels.js';
import { problemText, valueText } from '../../export/finding-text.js';
import { ruleTitle } from '../../rules/catalogue.js';
import { notice } from './layout.js';
import { eventsTable } from './events-table.js';

export interface StatusFormState {
  status?: string;
  reason?: string;
  note?: string;
  ok?: string;
  error?: string;
}

function evidenceList(json: string): { file: string; row: number }[] {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? (parsed as { file: string; row: number }[]) : [];
  } catch {
    return [];
  }
}

const SETTABLE = ['in_progress', 'resolved', 'dismissed', 'open'] as const;

export function findingDetailView(v: {
  finding: FindingRow;
  events: EventRow[];
  token: string;
  csrfToken: string;
  form: StatusFormState;
  today: string;
}): SafeHtml {
  const f = v.finding;
  const place = [f.county, f.town, f.village].filter(Boolean).join(' ');
  const chosen = v.form.status || (f.status === 'open' ? 'in_progress' : f.status);
  return html`<h1>${ruleTitle(f.rule)} <span class="st st-${f.status}">${label(FINDING_STATUS_ZH, f.status)}</span></h1>
${notice('ok', v.form.ok)}${notice('err', v.form.error)}
<div class="grid">
<div class="card"><dl class="facts">
<dt>严重程度</dt><dd class="sev-${f.severity}">${label(SEVERITY_ZH, f.severity)}</dd>
<dt>数据来源</dt><dd>${label(SOURCE_ZH, f.source)}</dd>
<dt>所在地</dt><dd>${place || '未能定位'}</dd>
<dt>户编号</dt><dd>${f.household_id ?? ''}</dd>
<dt>姓名</dt><dd>${f.name ?? ''}</dd>
<dt>身份证号</dt><dd>${f.id_number ?? ''}</dd>
${f.dept_id_number ? html`<dt>部门身份证号</dt><dd>${f.dept_id_number}</dd>` : ''}
<dt>首次发现</dt><dd>${f.first_seen}</dd>
<dt>最近发现</dt><dd>${f.last_seen}</dd>
<dt>重新打开</dt><dd>${f.reopened_count} 次</dd>
${f.note ? html`<dt>处理说明</dt><dd>${f.note}</dd>` : ''}
</dl></div>
<div class="card"><h2 style="margin-top:0">证据</h2>
<table><tr><th style="width:90px">系统值</th><td id="system-value">${valueText(f.system_value) || '（空）'}</td></tr>
<tr><th>部门值</th><td id="dept-value">${valueText(f.dept_value) || '（空）'}</td></tr>
<tr><th>问题</th><td id="problem">${problemText(f)}</td></tr>
<tr><th>出处</th><td>${evidenceList(f.evidence).map((e) => html`<div>${e.file} 第 ${e.row} 行</div>`)}</td></tr></table>
</div></div>
<div class="card"><h2 style="margin-top:0">处理</h2>
<form method="post" action="/findings/${v.token}/status" id="status-form">
<input type="hidden" name="_csrf" value="${v.csrfToken}">
<input type="hidden" name="expect_status" value="${f.status}">
<input type="hidden" name="expect_reopened" value="${f.reopened_count}">
<label>新状态 <select name="status">${SETTABLE.map(
    (s) => html`<option value="${s}"${s === chosen ? html` selected` : ''}>${label(FINDING_STATUS_ZH, s)}${s === 'dismissed' ? '（无需整改，须填理由）' : ''}</option>`,
  )}</select></label>
<label>排除理由 <select name="reason"><option value="">（不是排除）</option>${DISMISS_REASONS.map(
    (r) => html`<option value="${r}"${r === v.form.reason ? html` selected` : ''}>${r}</option>`,
  )}<option value="其他"${v.form.reason === '其他' ? html` selected` : ''}>其他（在说明中写明）</option></select></label>
<div style="margin:6px 0"><textarea name="note" rows="2" cols="70" placeholder="处理说明">${v.form.note ?? ''}</textarea></div>
<button class="primary" type="submit">保存</button> <span class="muted">处理人：本人，日期：${v.today}</span>
</form></div>
<h2>处理记录</h2>${eventsTable(v.events, FINDING_STATUS_ZH)}
<p><a href="/findings">返回问题清单</a></p>`;
}
