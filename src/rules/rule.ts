/** The shape of a rule: metadata plus a small function over the run's context. */
import type { FindingCandidate, Level, RuleCode, Severity } from '../model/findings.js';
import type { SourceKind } from '../model/records.js';
import type { RuleContext } from './context.js';

export interface RuleInfo {
  code: RuleCode;
  level: Level;
  severity: Severity;
  /** section of 鲁乡振发〔2023〕4号 it rests on */
  seed: string;
  titleZh: string;
  /** sources the rule needs; the system extract is always among them */
  sources: SourceKind[];
  /**
   * true for NAME_MISMATCH, ID_TYPO_SUSPECTED, MATCH_AMBIGUOUS, DECEASED_STILL_LISTED:
   * one finding per department, each running only for the departments present
   * (a finding with source S could be found only on a night with S).
   */
  perDepartment?: boolean;
}

export interface RuleDefinition extends RuleInfo {
  evaluate(context: RuleContext): FindingCandidate[];
}
