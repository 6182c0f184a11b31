import { describe, expect, it } from 'vitest';
import { HeaderMatcher, MEASURE_FIELD, normaliseHeaderText } from '../../../src/ingest/header.js';
import { loadSourceSchema } from '../../../src/ingest/source-schema.js';

describe('header matching', () => {
  it('compares without whitespace, line breaks and *, with brackets unified', () => {
    expect(normaliseHeaderText(' 证件号码*\n(18位) ')).toBe('证件号码(18位)');
    expect(normaliseHeaderText('人均纯收入（元）')).toBe('人均纯收入(元)');
  });

  it('drops a trailing bracketed note only when the rest is an alias', () => {
    const system = new HeaderMatcher(loadSourceSchema('system'));
    expect(system.fieldOf('证件号码\n(18位)')).toBe('idNumber');
    expect(system.fieldOf('身份证号（18位）')).toBe('idNumber');
    expect(system.fieldOf('人均纯收入（元）')).toBe('income');
    expect(system.fieldOf('家庭年人均纯收入（元）')).toBe('income');
    expect(system.fieldOf('县(市、区)')).toBe('county');
    expect(system.fieldOf('县（市、区、旗）')).toBe('county');
    expect(system.fieldOf('是否参加新型农村合作医疗（城乡居民基本医疗保险）')).toBe('residentMedical');
    expect(system.fieldOf('产业帮扶*')).toBe(`${MEASURE_FIELD}产业帮扶`);
    expect(system.fieldOf('公益性岗位')).toBe(`${MEASURE_FIELD}公益岗位帮扶`);
    expect(system.fieldOf('备注(其他)')).toBeUndefined();
    const tekun = new HeaderMatcher(loadSourceSchema('tekun'));
    expect(tekun.fieldOf('申请日期（年月日）')).toBe('appliedAt');
  });

  it('keeps 户主身份证号 and 身份证号 apart (exact aliases win)', () => {
    const dibao = new HeaderMatcher(loadSourceSchema('dibao'));
    const columns = dibao.mapColumns(['户主姓名', '户主身份证号', '姓名', '身份证号(18位)', '保障状态']);
    expect(Object.fromEntries(columns)).toEqual({
      headName: [0], headIdNumber: [1], name: [2], idNumber: [3], status: [4],
    });
  });

  it('collects every 致贫/返贫风险 column; needs three matches for a header', () => {
    const system = new HeaderMatcher(loadSourceSchema('system'));
    const cells = ['户编号', '姓名', '证件号码', '致贫/返贫风险1', '致贫/返贫风险2', '致贫/返贫风险3'];
    expect(system.mapColumns(cells).get('riskTypes')).toEqual([3, 4, 5]);
    expect(system.countMatches(['XX县2023年花名册', null, null])).toBe(0);
    expect(system.countMatches(cells)).toBe(4);
    expect(system.missingRequired(system.mapColumns(['姓名', '证件号码']))).toEqual(['户编号']);
  });
});
