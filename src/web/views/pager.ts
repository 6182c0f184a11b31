/** Previous / next links with "第 n / m 页". */
import { html, type SafeHtml } from '../html.js';

export function pager(current: number, total: number, pageSize: number, linkFor: (page: number) => string): SafeHtml {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return html``;
  return html`<div class="pager">
${current > 1 ? html`<a href="${linkFor(1)}">首页</a> <a href="${linkFor(current - 1)}" rel="prev">上一页</a>` : ''}
<span>第 ${current} / ${pages} 页</span>
${current < pages ? html`<a href="${linkFor(current + 1)}" rel="next">下一页</a> <a href="${linkFor(pages)}">末页</a>` : ''}
</div>`;
}
