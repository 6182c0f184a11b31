/** Building FindingCandidates with rules.md's subject, source, placement and evidence. */
import type { Household } from '../match/households.js';
import type { SystemPerson } from '../match/persons.js';
import type { Evidence, FindingCandidate, RuleCode } from '../model/findings.js';
import type { DeptKind, Origin, Place } from '../model/records.js';

export interface FindingDetails {
  systemValue?: string;
  deptValue?: string;
  detail?: string;
  deptIdNumber?: string | null;
  /** department records supporting it (file and row) */
  deptRecords?: readonly Origin[];
  counties?: string[];
}

/** Several department values: sorted, de-duplicated, joined with `;` (rules.md evidence). */
export function joinValues(values: readonly (string | null | undefined)[]): string {
  return [...new Set(values.filter((v): v is string => v !== null && v !== undefined && v !== ''))].sort().join(';');
}

function evidenceOf(origins: readonly Origin[]): Evidence[] {
  return origins.map(({ file, row }) => ({ file, row }));
}

function countiesOf(place: Place, extra: string[] | undefined): string[] {
  const counties = new Set<string>(extra ?? []);
  if (place.countyCode) counties.add(place.countyCode);
  return [...counties].sort();
}

export function personFinding(
  rule: RuleCode,
  person: SystemPerson,
  source: DeptKind | '',
  details: FindingDetails,
): FindingCandidate {
  const first = person.first;
  return {
    rule,
    subject: person.subject,
    source,
    householdId: first.householdId,
    name: first.name,
    idNumber: first.id.key,
    deptIdNumber: details.deptIdNumber ?? null,
    place: first.place,
    systemValue: details.systemValue ?? '',
    deptValue: details.deptValue ?? '',
    detail: details.detail ?? '',
    evidence: [...evidenceOf(person.rows), ...evidenceOf(details.deptRecords ?? [])],
    counties: countiesOf(first.place, details.counties),
  };
}

export function householdFinding(rule: RuleCode, household: Household, details: FindingDetails): FindingCandidate {
  return {
    rule,
    subject: household.householdId,
    source: '',
    householdId: household.householdId,
    name: null,
    idNumber: null,
    deptIdNumber: null,
    place: household.place,
    systemValue: details.systemValue ?? '',
    deptValue: details.deptValue ?? '',
    detail: details.detail ?? '',
    evidence: evidenceOf([household.representative]),
    counties: countiesOf(household.place, details.counties),
  };
}

/** A finding with no system member (MATCH_AMBIGUOUS): placed by the department row's own region. */
export function departmentFinding(
  rule: RuleCode,
  subject: string,
  source: DeptKind,
  record: Origin & { place: Place; name: string },
  details: FindingDetails,
): FindingCandidate {
  return {
    rule,
    subject,
    source,
    householdId: null,
    name: record.name || null,
    idNumber: null,
    deptIdNumber: details.deptIdNumber ?? null,
    place: record.place,
    systemValue: details.systemValue ?? '',
    deptValue: details.deptValue ?? '',
    detail: details.detail ?? '',
    evidence: evidenceOf(details.deptRecords ?? [record]),
    counties: countiesOf(record.place, details.counties),
  };
}

/** One finding per (rule, subject, source): the first, i.e. the first row of a person that fired. */
export function firstPerSubject(findings: readonly FindingCandidate[]): FindingCandidate[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = `${finding.rule}|${finding.subject}|${finding.source}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
