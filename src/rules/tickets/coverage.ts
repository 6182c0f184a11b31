/**
 * Which assessments cover which households (rules.md "Research tickets"): an
 * extract row covers the system household of any living member its
 * headIdNumber matches (steps 1–3) and any civil household naming that ID;
 * a stored assessment (earlier night, workbook, web) covers whatever names one
 * of its IDs or its ticket's subject.
 */
import type { Household } from '../../match/households.js';
import type { TicketCandidate } from '../../model/findings.js';
import type { RuleContext } from '../context.js';

export interface CoveringAssessment {
  assessedAt: string;
  result: string | null;
  origin: string;
}

function push(map: Map<string, CoveringAssessment[]>, key: string, assessment: CoveringAssessment): void {
  if (key === '') return;
  const list = map.get(key);
  if (list) list.push(assessment);
  else map.set(key, [assessment]);
}

export class AssessmentBook {
  /** by ID number named (and by stored ticket subject) */
  private readonly byId = new Map<string, CoveringAssessment[]>();
  /** by system household whose living member the extract row's head matched */
  private readonly byHousehold = new Map<string, CoveringAssessment[]>();

  constructor(context: RuleContext) {
    for (const { record, match } of context.matched.assessment) {
      const assessment = { assessedAt: record.assessedAt, result: record.result, origin: 'extract' };
      push(this.byId, record.headId.key, assessment);
      const member = match.member;
      if (!member) continue;
      // every living row of the matched ID (a duplicated ID stands in several households)
      const rows = context.index.rowsByKey.get(member.id.key)?.rows ?? [member];
      for (const row of rows) if (row.living) push(this.byHousehold, row.householdId, assessment);
    }
    for (const stored of context.prior.assessments) {
      const assessment = { assessedAt: stored.assessedAt, result: stored.result, origin: stored.origin };
      const named = new Set(stored.idNumbers);
      const subject = stored.ticketKey?.split('|')[1];
      if (subject) named.add(subject);
      for (const id of named) push(this.byId, id, assessment);
    }
  }

  forIds(ids: Iterable<string>): CoveringAssessment[] {
    const found = new Set<CoveringAssessment>();
    for (const id of ids) for (const assessment of this.byId.get(id) ?? []) found.add(assessment);
    return [...found];
  }

  forHousehold(household: Household): CoveringAssessment[] {
    const ids = [household.householdId, ...household.living.map((member) => member.id.key)];
    return [...new Set([...this.forIds(ids), ...(this.byHousehold.get(household.householdId) ?? [])])];
  }
}

/** The latest assessment dated on or after `from`, as a TicketCandidate's coveredBy; null when none. */
export function coverFrom(assessments: readonly CoveringAssessment[], from: string): TicketCandidate['coveredBy'] {
  let best: CoveringAssessment | null = null;
  for (const assessment of assessments) {
    if (assessment.assessedAt >= from && (best === null || assessment.assessedAt > best.assessedAt)) best = assessment;
  }
  return best ? { assessedAt: best.assessedAt, result: best.result, origin: best.origin } : null;
}
