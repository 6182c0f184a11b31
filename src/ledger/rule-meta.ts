/** Level and severity of a finding come from the rules catalogue (src/rules owns them). */
import type { Level, RuleCode, Severity } from '../model/findings.js';
import { ruleByCode } from '../rules/catalogue.js';

export function ruleLevelAndSeverity(rule: RuleCode): { level: Level; severity: Severity } {
  const info = ruleByCode(rule);
  return { level: info.level, severity: info.severity };
}
