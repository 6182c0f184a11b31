/** Rule and ticket-kind titles and severities, read from the rules catalogue (src/rules owns them). */
import { RULES, TICKET_KIND_INFO } from '../rules/catalogue.js';
import { TICKET_KINDS } from '../model/findings.js';

export function ruleTitle(code: string): string {
  return RULES.find((r) => r.code === code)?.titleZh ?? code;
}

export function ruleSeverity(code: string): string {
  return RULES.find((r) => r.code === code)?.severity ?? '';
}

export function ticketKindTitle(kind: string): string {
  return (TICKET_KIND_INFO as Record<string, { titleZh: string } | undefined>)[kind]?.titleZh ?? kind;
}

/** Every rule, in catalogue order, for the filter drop-down. */
export function ruleOptions(): { code: string; title: string; severity: string }[] {
  return RULES.map((r) => ({ code: r.code, title: r.titleZh, severity: r.severity }));
}

export function ticketKindOptions(): { code: string; title: string }[] {
  return TICKET_KINDS.map((kind) => ({ code: kind, title: ticketKindTitle(kind) }));
}
