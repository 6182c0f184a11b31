/** The page frame: header with navigation, the signed-in user, logout, and the small stylesheet. */
import { html, raw, type SafeHtml } from '../html.js';

export interface PageUser {
  name: string;
  role: string;
  regionLabel: string;
  /** show the Bull Board link (province users, when it is mounted) */
  queueLink: boolean;
}

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 "Microsoft YaHei","PingFang SC","Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;color:#222;background:#f4f5f7}
header{background:#1f4e79;color:#fff;display:flex;align-items:center;gap:18px;padding:0 16px;height:44px}
header .brand{font-weight:bold;font-size:16px}
header nav a{color:#dfe9f3;text-decoration:none;padding:12px 8px}
header nav a.on,header nav a:hover{color:#fff;border-bottom:3px solid #ffc107}
header .who{margin-left:auto;font-size:13px}
header form{display:inline}
header button{background:none;border:1px solid #9cb8d3;color:#fff;border-radius:3px;cursor:pointer}
main{padding:14px 16px;max-width:1340px}
h1{font-size:18px;margin:4px 0 12px}
h2{font-size:15px;margin:16px 0 8px}
table{border-collapse:collapse;background:#fff;width:100%}
th,td{border:1px solid #d9dde3;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#eef1f5;font-weight:normal;color:#445}
td.num,th.num{text-align:right}
.card{background:#fff;border:1px solid #d9dde3;padding:10px 12px;margin-bottom:12px}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:12px}
form.filters{display:flex;flex-wrap:wrap;gap:6px 10px;align-items:end;background:#fff;border:1px solid #d9dde3;padding:8px 10px;margin-bottom:10px}
form.filters label{display:flex;flex-direction:column;font-size:12px;color:#556}
input,select,textarea,button{font:inherit}
input[type=text],input[type=password],input[type=date],select,textarea{border:1px solid #b8c0cc;border-radius:3px;padding:3px 5px}
button.primary{background:#1f4e79;color:#fff;border:0;border-radius:3px;padding:5px 14px;cursor:pointer}
button.link{background:none;border:0;color:#1f4e79;cursor:pointer;padding:0 4px}
.sev-high{color:#b00020;font-weight:bold}.sev-medium{color:#b35c00}.sev-low{color:#556}
.st{display:inline-block;padding:0 6px;border-radius:8px;font-size:12px;background:#e8ecf1}
.st-open{background:#fde2e1}.st-in_progress{background:#fff1c2}.st-resolved,.st-assessed{background:#d9f2dd}
.st-dismissed,.st-auto_closed{background:#e8ecf1;color:#556}
.overdue{color:#b00020;font-weight:bold}
.pager{margin:8px 0;display:flex;gap:8px;align-items:center}
.msg{padding:8px 12px;margin-bottom:10px;border:1px solid}
.msg.ok{background:#e6f4ea;border-color:#9ccc9c}.msg.err{background:#fdecea;border-color:#e6a3a3}
dl.facts{display:grid;grid-template-columns:110px 1fr;gap:2px 10px;margin:0}
dl.facts dt{color:#667}dl.facts dd{margin:0}
.muted{color:#778}
.login{max-width:340px;margin:80px auto;background:#fff;border:1px solid #d9dde3;padding:20px}
.login label{display:block;margin:8px 0}.login input{width:100%}
`;

const NAV: { href: string; label: string; id: string }[] = [
  { href: '/', label: '概览', id: 'overview' },
  { href: '/findings', label: '问题清单', id: 'findings' },
  { href: '/tickets', label: '研判工单', id: 'tickets' },
  { href: '/workbooks', label: '工作簿', id: 'workbooks' },
  { href: '/runs', label: '运行记录', id: 'runs' },
];

export function page(opts: {
  title: string;
  active?: string;
  user?: PageUser;
  csrfToken?: string;
  body: SafeHtml;
}): string {
  const nav = opts.user
    ? html`<nav>${NAV.map((n) => html`<a href="${n.href}" class="${n.id === opts.active ? 'on' : ''}">${n.label}</a>`)}${
        opts.user.queueLink ? html`<a href="/admin/queues">队列</a>` : ''
      }</nav>
      <span class="who">${opts.user.name}（${opts.user.regionLabel}）
        <form method="post" action="/logout"><input type="hidden" name="_csrf" value="${opts.csrfToken ?? ''}"><button type="submit">退出</button></form></span>`
    : '';
  return html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title} - 防返贫监测数据比对</title><style>${raw(CSS)}</style></head>
<body><header><span class="brand">防返贫监测数据比对</span>${nav}</header>
<main>${opts.body}</main></body></html>`.value;
}

/** A one-line notice at the top of a page (after a redirect: `?ok=` / `?err=` carry fixed codes, never data). */
export function notice(kind: 'ok' | 'err', text: string | null | undefined): SafeHtml {
  return text ? html`<div class="msg ${kind}">${text}</div>` : html``;
}
