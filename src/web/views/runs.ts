/** The run history table: when each nightly run ran, over what, and what it changed. */
import type { RunRow } from '../../db/tables/ledger.js';
import { html, type SafeHtml } from '../html.js';

const RUN_STATUS_ZH: Record<string, string> = { running: '运行中', completed: '已完成', failed: '失败' };

interface LedgerTotals {
  newFindings: number;
  autoClosed: number;
  reopened: number;
  ticketsOpened: number;
}

/** Sums the run's LedgerResult (stored as JSON); null when the run has none yet. */
function ledgerTotals(json: string | null): LedgerTotals | null {
  if (!json) return null;
  try {
    const result = JSON.parse(json) as {
      findings?: Record<string, { new?: number; autoClosed?: number; reopened?: number }>;
      tickets?: Record<string, { opened?: number }>;
    };
    const findings = Object.values(result.findings ?? {});
    return {
      newFindings: findings.reduce((s, c) => s + (c.new ?? 0), 0),
      autoClosed: findings.reduce((s, c) => s + (c.autoClosed ?? 0), 0),
      reopened: findings.reduce((s, c) => s + (c.reopened ?? 0), 0),
      ticketsOpened: Object.values(result.tickets ?? {}).reduce((s, c) => s + (c.opened ?? 0), 0),
    };
  } catch {
    return null;
  }
}

function time(iso: string | null): string {
  return iso ? iso.replace('T', ' ').slice(0, 16) : '';
}

export function runsTable(runs: RunRow[]): SafeHtml {
  if (runs.length === 0) return html`<p class="muted">还没有运行记录。</p>`;
  return html`<table id="runs"><thead><tr><th>编号</th><th>名称</th><th>区域</th><th>数据日期</th><th>状态</th><th>开始</th><th>结束</th>
<th class="num">新发现</th><th class="num">重新打开</th><th class="num">自动关闭</th><th class="num">新工单</th></tr></thead><tbody>${runs.map((run) => {
    const totals = ledgerTotals(run.ledger);
    return html`<tr><td>#${run.id}</td><td>${run.name}</td><td>${run.region}</td><td>${run.as_of}</td>
<td>${RUN_STATUS_ZH[run.status] ?? run.status}${run.status === 'failed' && run.error ? html`<div class="muted">${run.error.slice(0, 200)}</div>` : ''}</td>
<td>${time(run.started_at)}</td><td>${time(run.finished_at)}</td>
<td class="num">${totals?.newFindings ?? ''}</td><td class="num">${totals?.reopened ?? ''}</td><td class="num">${totals?.autoClosed ?? ''}</td><td class="num">${totals?.ticketsOpened ?? ''}</td></tr>`;
  })}</tbody></table>`;
}

export function runsView(runs: RunRow[]): SafeHtml {
  return html`<h1>运行记录</h1>${runsTable(runs)}`;
}
