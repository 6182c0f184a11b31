/**
 * 民政 rules: the system's 低保 and 特困 flags against the rosters (seed 一(一)3,
 * 一(六)). Only 农村低保 counts as 低保, on both sides.
 */
import type { FindingCandidate } from '../model/findings.js';
import type { DibaoRecord, SystemMember, TekunRecord } from '../model/records.js';
import { firstPerSubject, joinValues, personFinding } from './finding.js';
import { personRows } from '../match/persons.js';
import type { RuleDefinition } from './rule.js';

/** An active 农村低保 entry. A roster without a category column lists 农村低保 (the bureaus' roster). */
export function isActiveRuralDibao(record: DibaoRecord): boolean {
  return record.status === 'active' && record.category !== 'urban';
}

export function isActiveTekun(record: TekunRecord): boolean {
  return record.status === 'active';
}

/** 城市低保 counts as not recorded as 农村低保 (rules.md "Terms"). */
function systemDibaoLabel(member: SystemMember): string {
  return member.dibao === null ? '' : member.dibao === 'rural' ? 'yes' : 'no';
}

export const civilRules: RuleDefinition[] = [
  {
    code: 'DIBAO_NOT_RECORDED',
    level: 'person',
    severity: 'medium',
    seed: '一(一)3, 一(六)',
    titleZh: '享受农村低保未标注',
    sources: ['system', 'dibao'],
    evaluate: ({ persons, byPerson }) => {
      const findings: FindingCandidate[] = [];
      for (const [person, row] of personRows(persons)) {
        if (row.dibao === 'rural') continue;
        const active = (byPerson.dibao.get(person) ?? []).filter(({ record }) => isActiveRuralDibao(record));
        if (active.length === 0) continue;
        findings.push(
          personFinding('DIBAO_NOT_RECORDED', person, 'dibao', {
            systemValue: row.dibao ?? '',
            deptValue: joinValues(active.map(({ record }) => record.statusRaw ?? record.status)),
            detail: `system dibao=${systemDibaoLabel(row)}`,
            deptRecords: active.map(({ record }) => record),
          }),
        );
      }
      return firstPerSubject(findings);
    },
  },
  {
    code: 'DIBAO_STALE',
    level: 'person',
    severity: 'medium',
    seed: '一(六)',
    titleZh: '标注低保但已不在保',
    sources: ['system', 'dibao'],
    evaluate: ({ persons, byPerson }) => {
      const findings: FindingCandidate[] = [];
      for (const [person, row] of personRows(persons)) {
        if (row.dibao !== 'rural') continue;
        const rows = byPerson.dibao.get(person) ?? [];
        if (rows.some(({ record }) => isActiveRuralDibao(record))) continue;
        findings.push(
          personFinding('DIBAO_STALE', person, 'dibao', {
            systemValue: 'rural',
            deptValue: joinValues(rows.map(({ record }) => record.statusRaw ?? record.status)),
            detail: 'no active entry',
            deptRecords: rows.map(({ record }) => record),
          }),
        );
      }
      return firstPerSubject(findings);
    },
  },
  {
    code: 'TEKUN_NOT_RECORDED',
    level: 'person',
    severity: 'medium',
    seed: '一(一)3, 一(六)',
    titleZh: '特困供养未标注',
    sources: ['system', 'tekun'],
    evaluate: ({ persons, byPerson }) => {
      const findings: FindingCandidate[] = [];
      for (const [person, row] of personRows(persons)) {
        if (row.tekun === 'yes') continue;
        const active = (byPerson.tekun.get(person) ?? []).filter(({ record }) => isActiveTekun(record));
        if (active.length === 0) continue;
        findings.push(
          personFinding('TEKUN_NOT_RECORDED', person, 'tekun', {
            systemValue: row.tekun ?? '',
            deptValue: joinValues(active.map(({ record }) => record.statusRaw ?? record.status)),
            detail: `system tekun=${row.tekun ?? ''}`,
            deptRecords: active.map(({ record }) => record),
          }),
        );
      }
      return firstPerSubject(findings);
    },
  },
  {
    code: 'TEKUN_STALE',
    level: 'person',
    severity: 'medium',
    seed: '一(六)',
    titleZh: '标注特困但已不在册',
    sources: ['system', 'tekun'],
    evaluate: ({ persons, byPerson }) => {
      const findings: FindingCandidate[] = [];
      for (const [person, row] of personRows(persons)) {
        if (row.tekun !== 'yes') continue;
        const rows = byPerson.tekun.get(person) ?? [];
        if (rows.some(({ record }) => isActiveTekun(record))) continue;
        findings.push(
          personFinding('TEKUN_STALE', person, 'tekun', {
            systemValue: 'yes',
            deptValue: joinValues(rows.map(({ record }) => record.statusRaw ?? record.status)),
            detail: 'no active entry',
            deptRecords: rows.map(({ record }) => record),
          }),
        );
      }
      return firstPerSubject(findings);
    },
  },
];
