/** Chinese labels for statuses, severities, sources and roles (rule and ticket titles come from src/rules/catalogue.ts). */
import type { WebRole } from '../db/tables/web.js';
import { TICKET_KINDS } from '../model/findings.js';
import { RULES, ticketKindTitle } from '../rules/catalogue.js';

export const FINDING_STATUS_ZH: Record<string, string> = {
  open: '待处理',
  in_progress: '处理中',
  resolved: '已整改',
  dismissed: '已排除',
  auto_closed: '自动关闭',
};

export const TICKET_STATUS_ZH: Record<string, string> = {
  open: '待研判',
  assessed: '已研判',
  auto_closed: '自动关闭',
};

export const SEVERITY_ZH: Record<string, string> = { high: '高', medium: '中', low: '低' };

export const SOURCE_ZH: Record<string, string> = {
  '': '系统',
  system: '系统',
  medical: '医保',
  education: '学籍',
  dibao: '低保',
  tekun: '特困',
  assessment: '研判台账',
};

export const ROLE_ZH: Record<WebRole, string> = { province: '省级', city: '市级', county: '县级' };

/** Reasons offered when dismissing a finding (the workbook's two dismiss answers), plus free text. */
export const DISMISS_REASONS = ['情况属实无需整改', '部门数据有误'] as const;

export function label(map: Record<string, string>, code: string | null | undefined): string {
  if (code === null || code === undefined) return '';
  return map[code] ?? code;
}

/** Every rule, in catalogue order, for the filter drop-down. */
export function ruleOptions(): { code: string; title: string; severity: string }[] {
  return RULES.map((r) => ({ code: r.code, title: r.titleZh, severity: r.severity }));
}

export function ticketKindOptions(): { code: string; title: string }[] {
  return TICKET_KINDS.map((kind) => ({ code: kind, title: ticketKindTitle(kind) }));
}
