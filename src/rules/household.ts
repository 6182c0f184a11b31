/**
 * Household rules (subject householdId, source blank): the 户主, 脱贫不享受政策户
 * to verify (seed 一(一)1), development-type assistance (一(二)), income after
 * risk elimination (一(三)), whole-household no-labour flags (一(四)).
 */
import { type Household, isActiveMonitoring, isMonitoring, isNonPolicyPovertyExit } from '../match/households.js';
import type { FindingCandidate } from '../model/findings.js';
import type { RuleContext } from './context.js';
import { isActiveRuralDibao } from './civil.js';
import { householdFinding } from './finding.js';
import type { RuleDefinition } from './rule.js';

/** Households with at least one living member (a household rule needs one). */
function livingHouseholds(context: RuleContext): Household[] {
  return [...context.households.values()].filter((household) => household.living.length > 0);
}

function hasLivingAble(household: Household): boolean {
  return household.living.some((member) => member.labour === 'able');
}

function measuresText(household: Household): string {
  return household.fields.measures.join('、');
}

function householdRule(
  code: RuleDefinition['code'],
  severity: RuleDefinition['severity'],
  seed: string,
  titleZh: string,
  fires: (household: Household, context: RuleContext) => { systemValue: string; detail: string } | null,
): RuleDefinition {
  return {
    code,
    level: 'household',
    severity,
    seed,
    titleZh,
    sources: ['system'],
    evaluate: (context) => {
      const findings: FindingCandidate[] = [];
      for (const household of livingHouseholds(context)) {
        const hit = fires(household, context);
        if (hit) findings.push(householdFinding(code, household, hit));
      }
      return findings;
    },
  };
}

function onActiveRuralDibao(household: Household, context: RuleContext): boolean {
  return household.living.some((member) => {
    if (member.dibao === 'rural') return true;
    const person = context.personOfRow.get(member);
    return (person && context.byPerson.dibao.get(person)?.some(({ record }) => isActiveRuralDibao(record))) ?? false;
  });
}

function isStudent(household: Household, context: RuleContext): boolean {
  return household.living.some((member) => {
    if (member.stage !== null && member.stage !== 'NONE') return true;
    const person = context.personOfRow.get(member);
    return (person && context.byPerson.education.get(person)?.some(({ record }) => record.active)) ?? false;
  });
}

export const householdRules: RuleDefinition[] = [
  householdRule('HOUSEHOLD_HEAD_INVALID', 'low', '一(六)', '户主缺失或重复', (household) => {
    if (household.livingHeadCount === 1) return null;
    const text = `${household.livingHeadCount} living 户主 of ${household.living.length} living`;
    return { systemValue: text, detail: text };
  }),
  householdRule('NONPOLICY_TO_VERIFY', 'medium', '一(一)1', '脱贫不享受政策户需核实', (household, context) => {
    if (!isNonPolicyPovertyExit(household.fields)) return null;
    const dibao = onActiveRuralDibao(household, context);
    const student = isStudent(household, context);
    if (!dibao && !student) return null;
    return { systemValue: [dibao ? '农村低保' : '', student ? '在校生' : ''].filter(Boolean).join(';'), detail: '' };
  }),
  householdRule('DEV_ASSISTANCE_MISSING', 'high', '一(二)', '有劳动能力未落实开发式帮扶', (household) => {
    const { fields } = household;
    if (!isActiveMonitoring(fields) || fields.noLabourHousehold === 'yes' || !hasLivingAble(household)) return null;
    if (fields.devMeasure || fields.devAssistanceFlag === 'yes') return null;
    return { systemValue: measuresText(household), detail: measuresText(household) };
  }),
  householdRule('DEV_FLAG_UNMARKED', 'medium', '一(二)', '已落实开发式帮扶未标识', (household) => {
    const { fields } = household;
    if (!isActiveMonitoring(fields) || !hasLivingAble(household)) return null;
    if (!fields.devMeasure || fields.devAssistanceFlag === 'yes') return null;
    return { systemValue: measuresText(household), detail: measuresText(household) };
  }),
  householdRule('ELIMINATED_BELOW_LINE', 'high', '一(三)', '风险消除但收入低于监测线', (household, context) => {
    const { fields } = household;
    const line = context.params.monitoringLine;
    if (line === null || !isMonitoring(fields) || fields.riskEliminated !== 'yes') return null;
    if (fields.income === null || fields.income >= line) return null;
    return { systemValue: String(fields.income), detail: String(fields.income) };
  }),
  householdRule('NO_LABOUR_UNMARKED', 'medium', '一(四)', '整户无劳动能力未标识', (household) => {
    const { fields } = household;
    if (!isActiveMonitoring(fields) || fields.noLabourHousehold === 'yes') return null;
    if (!household.living.every((member) => member.labour === 'none')) return null;
    return { systemValue: `noLabourHousehold=${fields.noLabourHousehold ?? ''}`, detail: '' };
  }),
  householdRule('NO_LABOUR_MISMARKED', 'medium', '一(四)', '整户无劳动能力标识有误', (household) => {
    if (household.fields.noLabourHousehold !== 'yes') return null;
    const working = household.living.filter((member) => member.labour === 'able' || member.labour === 'weak');
    if (working.length === 0) return null;
    return { systemValue: working.map((member) => member.labour).join(';'), detail: '' };
  }),
  householdRule('NO_LABOUR_ELIMINATED', 'high', '一(四)', '整户无劳动能力户标注风险消除', (household) => {
    const { fields } = household;
    if (fields.noLabourHousehold !== 'yes' || fields.riskEliminated !== 'yes') return null;
    return { systemValue: 'noLabourHousehold=yes riskEliminated=yes', detail: '' };
  }),
];
