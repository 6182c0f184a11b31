/** The workbooks page (download per county, upload a returned one) and the import report. */
import type { ImportReport } from '../../export/import-workbook.js';
import { html, type SafeHtml } from '../html.js';
import { notice } from './layout.js';

export interface CountyEntry {
  /** `370102` or `unplaced`: the download path's file stem */
  file: string;
  code: string;
  name: string;
}

export function workbooksView(v: { entries: CountyEntry[]; csrfToken: string }): SafeHtml {
  return html`<h1>工作簿</h1>
<div class="card"><h2 style="margin-top:0">下载县级整改工作簿</h2>
<p class="muted">工作簿列出未关闭的问题和待研判工单；填写“核实结果”“核实人”等列后在下方上传。</p>
${v.entries.length === 0 ? html`<p class="muted">辖区内没有未关闭的问题或工单。</p>` : html`<table id="workbooks" style="width:auto"><thead><tr><th>代码</th><th>县（市、区）</th><th></th></tr></thead><tbody>${v.entries.map(
    (e) => html`<tr><td>${e.code}</td><td>${e.name}</td><td><a href="/workbooks/${e.file}.xlsx" download>下载工作簿</a></td></tr>`,
  )}</tbody></table>`}</div>
<div class="card"><h2 style="margin-top:0">上传填写好的工作簿</h2>
<form method="post" action="/workbooks/import" enctype="multipart/form-data" id="upload-form">
<input type="hidden" name="_csrf" value="${v.csrfToken}">
<input type="file" name="workbook" accept=".xlsx" required>
<button class="primary" type="submit">上传并导入</button>
</form></div>`;
}

export function importReportView(v: { fileName?: string; report?: ImportReport; error?: string }): SafeHtml {
  const r = v.report;
  return html`<h1>导入工作簿${v.fileName ? html`：${v.fileName}` : ''}</h1>
${notice('err', v.error)}
${r ? html`<div class="card" id="import-report">
<p>读取已填写的行 <b>${r.rowsRead}</b> 行：问题已整改 ${r.findings.resolved}，排除 ${r.findings.dismissed}，处理中 ${r.findings.inProgress}；工单已研判 ${r.tickets.assessed}；无变化 ${r.unchanged}；未能导入 ${r.issues.length}。</p>
${r.issues.length ? html`<table><thead><tr><th>工作表</th><th>行</th><th>原因（该行未作任何更改）</th></tr></thead><tbody>${r.issues.map(
    (i) => html`<tr><td>${i.sheet}</td><td>${i.row}</td><td>${i.reason}</td></tr>`,
  )}</tbody></table>` : ''}</div>` : ''}
<p><a href="/workbooks">返回工作簿</a></p>`;
}
