import { describe, expect, it } from 'vitest';
import { problemText, valueText } from '../../../src/export/finding-text.js';
import { ticketIdCell } from '../../../src/export/workbook/rows.js';

const finding = (rule: string, fields: { source?: string; system_value?: string; dept_value?: string; detail: string }) =>
  ({ rule, source: fields.source ?? '', system_value: fields.system_value ?? '', dept_value: fields.dept_value ?? '', detail: fields.detail });

describe('finding text in Chinese', () => {
  it('builds the 问题 sentence from the rule title and the finding fields', () => {
    expect(problemText(finding('MED_UNINSURED', { source: 'medical', system_value: 'yes', detail: 'no active enrolment' })))
      .toBe('未参加基本医疗保险：医保数据中没有有效的参保记录');
    expect(problemText(finding('EDU_COMPULSORY_NOT_ENROLLED', { source: 'education', system_value: 'NONE', detail: 'school age 11' })))
      .toBe('义务教育适龄未在校：义务教育适龄（11岁），学籍数据中没有在校记录');
    expect(problemText(finding('MED_FLAG_MISMATCH', { source: 'medical', system_value: 'residentMedical=no', detail: 'residentMedical=no resident active=true' })))
      .toBe('医保参保标识与医保数据不符：系统标注未参加城乡居民医保，医保数据有有效的居民医保参保');
    expect(problemText(finding('EDU_STAGE_MISMATCH', { source: 'education', system_value: 'PRIMARY', dept_value: 'JUNIOR', detail: 'PRIMARY vs JUNIOR' })))
      .toBe('在校学段与学籍不符：系统为小学，学籍为初中');
    expect(problemText(finding('FIELD_MISSING', { system_value: 'relation,labour', detail: 'relation,labour' })))
      .toBe('必填信息缺失：未填写与户主关系、劳动技能');
  });

  it('gives every rule a sentence with no English left in it', async () => {
    const { RULE_CODES } = await import('../../../src/model/findings.js');
    for (const rule of RULE_CODES) {
      const text = problemText(finding(rule, { source: 'dibao', system_value: 'PRIMARY', dept_value: 'yes', detail: 'PRIMARY age 30' }));
      expect(text, rule).not.toMatch(/[A-Za-z]/);
    }
  });

  it('shows stage and flag codes as Chinese words, keeping names and IDs', () => {
    expect(valueText('residentMedical=no')).toBe('城乡居民医保：否');
    expect(valueText('PRIMARY')).toBe('小学');
    expect(valueText('noLabourHousehold=yes riskEliminated=yes')).toBe('整户无劳动能力：是 风险消除：是');
    expect(valueText('37010219900101123X 张三')).toBe('37010219900101123X 张三');
    expect(valueText('able;weak')).toBe('有劳动能力;弱劳动能力');
    expect(valueText('resident;employee')).toBe('城乡居民医保;职工医保');
    expect(valueText('active')).toBe('在保');
    expect(valueText('0 living 户主 of 4 living')).toBe('在世户主0人，在世成员4人');
  });
});

describe('户主身份证号 of a ticket row', () => {
  const members = JSON.stringify([{ idNumber: '370102199001011234', name: '张三' }, { idNumber: '370102199202021236', name: '李四' }]);
  it('is the civil head ID when there is one', () => {
    expect(ticketIdCell({ civil_head_id_number: '370102198001010010', head_name: '王五', members })).toBe('370102198001010010');
  });
  it('is the stored member named as head, else the first member, when the ticket has no civil head', () => {
    expect(ticketIdCell({ civil_head_id_number: null, head_name: '李四', members })).toBe('370102199202021236');
    expect(ticketIdCell({ civil_head_id_number: null, head_name: null, members })).toBe('370102199001011234');
    expect(ticketIdCell({ civil_head_id_number: null, head_name: null, members: '[]' })).toBe('');
  });
});
