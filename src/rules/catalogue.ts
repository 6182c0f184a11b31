/**
 * The rule catalogue: one array, in rules.md order; adding a rule touches its
 * family file only. Metadata (code, level, severity, seed, Chinese title,
 * sources) is what workbooks and the web page read.
 */
import { RULE_CODES, type RuleCode, type TicketKind } from '../model/findings.js';
import { civilRules } from './civil.js';
import { educationRules } from './education.js';
import { householdRules } from './household.js';
import { matchingRules } from './matching.js';
import { medicalRules } from './medical.js';
import type { RuleDefinition, RuleInfo } from './rule.js';
import { systemQualityRules } from './system-quality.js';
import { TICKET_KIND_DEFINITIONS } from './tickets/index.js';
import type { TicketKindInfo } from './tickets/ticket-kind.js';

const byCode = new Map<RuleCode, RuleDefinition>(
  [...systemQualityRules, ...householdRules, ...matchingRules, ...medicalRules, ...educationRules, ...civilRules].map(
    (rule) => [rule.code, rule],
  ),
);

/** Every finding rule, in RULE_CODES order. */
export const RULE_DEFINITIONS: readonly RuleDefinition[] = RULE_CODES.map((code) => {
  const rule = byCode.get(code);
  if (!rule) throw new Error(`rule ${code} has no definition`);
  return rule;
});

/** Rule metadata without the evaluate function. */
export const RULES: readonly RuleInfo[] = RULE_DEFINITIONS.map(({ evaluate: _evaluate, ...info }) => info);

export function ruleByCode(code: RuleCode): RuleInfo {
  const rule = RULES.find((candidate) => candidate.code === code);
  if (!rule) throw new Error(`unknown rule ${code}`);
  return rule;
}

/** Ticket kinds' titles, seed sections and parts, by kind. */
export const TICKET_KIND_INFO: Readonly<Record<TicketKind, TicketKindInfo>> = Object.fromEntries(
  TICKET_KIND_DEFINITIONS.map(({ evaluate: _evaluate, ...info }) => [info.kind, info]),
) as Record<TicketKind, TicketKindInfo>;

export type { RuleInfo, TicketKindInfo };

const RULE_TITLES = new Map<string, string>(RULES.map((rule) => [rule.code, rule.titleZh]));

/** A rule's Chinese title (rules.md); an unknown code reads as itself. */
export function ruleTitle(code: string): string {
  return RULE_TITLES.get(code) ?? code;
}

/** A ticket kind's Chinese title; an unknown kind reads as itself. */
export function ticketKindTitle(kind: string): string {
  return (TICKET_KIND_INFO as Readonly<Record<string, TicketKindInfo | undefined>>)[kind]?.titleZh ?? kind;
}
