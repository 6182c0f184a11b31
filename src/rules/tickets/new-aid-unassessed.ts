/**
 * NEW_AID_UNASSESSED (鲁乡振发〔2022〕11号, seed 一(一)3): every household newly on
 * 农村低保 or 分散供养特困, or applying, is assessed household by household,
 * unless a person of it is already in an active monitoring household.
 */
import { isActiveMonitoring } from '../../match/households.js';
import type { MatchedRecord } from '../../match/match-departments.js';
import type { TicketCandidate, TicketTrigger } from '../../model/findings.js';
import type { DibaoRecord, Place, SystemMember, TekunRecord } from '../../model/records.js';
import type { RuleContext } from '../context.js';
import { coverFrom } from './coverage.js';
import { latestDate, type TicketKindDefinition } from './ticket-kind.js';

type CivilRow = MatchedRecord<DibaoRecord> | MatchedRecord<TekunRecord>;

interface CivilHousehold {
  key: string;
  /** every row of it: 农村低保 rows under the head (any status), or the 特困 person's rows */
  rows: CivilRow[];
  headName: string | null;
  isDibao: boolean;
  triggers: { row: CivilRow; trigger: TicketTrigger }[];
}

function triggerOf(kind: 'dibao' | 'tekun', row: CivilRow, newSince: string): TicketTrigger | null {
  const { record } = row;
  const dispersedOrDibao = kind === 'dibao' || (record as TekunRecord).mode !== 'centralised';
  const approved = record.status === 'active' && dispersedOrDibao && record.approvedAt !== null && record.approvedAt >= newSince;
  const applying = record.status === 'applying';
  if (!approved && !applying) return null;
  return {
    what: `${kind} ${approved ? 'approved' : 'applying'}`,
    idNumber: record.id.key,
    name: record.name,
    date: record.approvedAt ?? record.appliedAt ?? newSince,
    evidence: [{ file: record.file, row: record.row }],
  };
}

/** Whether the matched person has a living row (any, for an ID on several rows) in an active monitoring household. */
function inActiveMonitoring(context: RuleContext, member: SystemMember | null): boolean {
  if (!member) return false;
  const rows = context.index.rowsByKey.get(member.id.key)?.rows ?? [member];
  return rows.some((row) => {
    const household = row.living ? context.households.get(row.householdId) : undefined;
    return household !== undefined && isActiveMonitoring(household.fields);
  });
}

export const newAidUnassessed: TicketKindDefinition = {
  kind: 'NEW_AID_UNASSESSED',
  titleZh: '新增低保特困未研判',
  seed: '一(一)3',
  parts: [
    { part: 'NEW_AID_UNASSESSED dibao', source: 'dibao' },
    { part: 'NEW_AID_UNASSESSED tekun', source: 'tekun' },
  ],
  evaluate(context, assessments) {
    const { newSince } = context.params;
    const civil = new Map<string, CivilHousehold>();
    const civilOf = (key: string, isDibao: boolean): CivilHousehold => {
      let household = civil.get(key);
      if (!household) {
        household = { key, rows: [], headName: null, isDibao, triggers: [] };
        civil.set(key, household);
      }
      return household;
    };
    if (context.records.present.has('dibao')) {
      for (const row of context.matched.dibao) {
        if (row.record.category === 'urban') continue;
        const household = civilOf(row.record.headId.key || row.record.id.key, true);
        household.rows.push(row);
        household.headName ??= row.record.headName || null;
        const trigger = triggerOf('dibao', row, newSince);
        if (trigger) household.triggers.push({ row, trigger });
      }
    }
    if (context.records.present.has('tekun')) {
      for (const row of context.matched.tekun) {
        // a 特困 person who is also a 低保 head has one ticket: the civil household's
        const household = civilOf(row.record.id.key, false);
        household.rows.push(row);
        household.headName ??= row.record.name || null;
        const trigger = triggerOf('tekun', row, newSince);
        if (trigger) household.triggers.push({ row, trigger });
      }
    }

    const tickets: TicketCandidate[] = [];
    for (const household of civil.values()) {
      if (household.triggers.length === 0) continue;
      if (household.rows.some(({ match }) => inActiveMonitoring(context, match.member))) continue;
      const memberIds = [...new Set(household.rows.map(({ record }) => record.id.key))];
      const memberNames = memberIds.map((id) => household.rows.find(({ record }) => record.id.key === id)!.record.name);
      const systemMember = household.rows.find(({ match }) => match.member !== null)?.match.member ?? null;
      const systemHousehold = systemMember ? context.households.get(systemMember.householdId) : undefined;
      const ownRow = household.rows.find(({ record }) => record.id.key === household.key) ?? household.rows[0]!;
      const place: Place = systemHousehold ? systemHousehold.place : ownRow.record.place;
      const triggers = household.triggers.map(({ trigger }) => trigger);
      const triggerDate = latestDate(triggers);
      const named = assessments.forIds([household.key, ...memberIds]);
      tickets.push({
        kind: 'NEW_AID_UNASSESSED',
        subject: household.key,
        householdId: systemHousehold?.householdId ?? null,
        civilHeadIdNumber: household.isDibao ? household.key : null,
        headName: household.headName,
        memberIds,
        memberNames,
        place,
        triggers,
        triggerDate,
        trigger: household.triggers.map(({ row }) => row.record.statusRaw ?? '').join(','),
        coveredBy: coverFrom(named, triggerDate),
      });
    }
    return tickets;
  },
};
