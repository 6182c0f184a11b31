import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULE_CODES, TICKET_KINDS } from '../../../src/model/findings.js';
import { RULES, ruleByCode, TICKET_KIND_INFO } from '../../../src/rules/catalogue.js';

describe('rule catalogue', () => {
  it('defines every rule code once, in RULE_CODES order, with rules.md severities', () => {
    expect(RULES.map((rule) => rule.code)).toEqual([...RULE_CODES]);
    const high = RULES.filter((rule) => rule.severity === 'high').map((rule) => rule.code).sort();
    expect(high).toEqual(
      ['DECEASED_STILL_LISTED', 'DEV_ASSISTANCE_MISSING', 'EDU_COMPULSORY_NOT_ENROLLED', 'ELIMINATED_BELOW_LINE', 'MED_UNINSURED', 'NO_LABOUR_ELIMINATED'].sort(),
    );
    expect(ruleByCode('MATCH_AMBIGUOUS')).toMatchObject({ level: 'dept', titleZh: '部门记录无法唯一匹配', perDepartment: true });
    expect(ruleByCode('MED_UNINSURED').sources).toEqual(['system', 'medical']);
    expect(ruleByCode('NONPOLICY_TO_VERIFY').sources).toEqual(['system']);
  });

  it('gives every ticket kind a Chinese title', () => {
    expect(Object.keys(TICKET_KIND_INFO).sort()).toEqual([...TICKET_KINDS].sort());
    expect(TICKET_KIND_INFO.MEDICAL_EXPENSE_RISK.titleZh).toBe('医疗费用负担较重需研判');
  });

  it('docs/rules-explained.md explains every rule and ticket kind, under its Chinese title', () => {
    const doc = fs.readFileSync(path.resolve(import.meta.dirname, '../../../docs/rules-explained.md'), 'utf8');
    for (const rule of RULES) expect(doc, rule.code).toContain(`${rule.titleZh} \`${rule.code}\``);
    for (const info of Object.values(TICKET_KIND_INFO)) expect(doc, info.kind).toContain(`${info.titleZh} \`${info.kind}\``);
  });
});
