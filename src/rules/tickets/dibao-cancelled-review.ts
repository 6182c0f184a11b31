/**
 * DIBAO_CANCELLED_REVIEW (seed 一(一)1): a 脱贫享受政策户 whose member's 农村低保
 * ended within the window is assessed, unless it is an active monitoring household.
 */
import { isActiveMonitoring, isPolicyEnjoyingPovertyExit } from '../../match/households.js';
import type { TicketCandidate, TicketTrigger } from '../../model/findings.js';
import { coverFrom } from './coverage.js';
import { householdTicket } from './household-ticket.js';
import { latestDate, type TicketKindDefinition } from './ticket-kind.js';

/** 停保 / 退出 / 注销: an entry that ended for a reason other than death. */
const CANCELLED = new Set(['停保', '退出', '注销']);

export const dibaoCancelledReview: TicketKindDefinition = {
  kind: 'DIBAO_CANCELLED_REVIEW',
  titleZh: '脱贫户取消低保需研判',
  seed: '一(一)1',
  parts: [{ part: 'DIBAO_CANCELLED_REVIEW', source: 'dibao' }],
  evaluate(context, assessments) {
    if (!context.records.present.has('dibao')) return [];
    const triggersByHousehold = new Map<string, TicketTrigger[]>();
    for (const { record, match } of context.matched.dibao) {
      if (record.category === 'urban' || record.status !== 'ended' || !CANCELLED.has(record.statusRaw ?? '')) continue;
      if (record.endedAt === null || record.endedAt < context.params.newSince || !match.member) continue;
      const triggers = triggersByHousehold.get(match.member.householdId) ?? [];
      triggers.push({
        what: 'dibao ended',
        idNumber: match.member.id.key,
        name: match.member.name,
        date: record.endedAt,
        evidence: [{ file: record.file, row: record.row }],
      });
      triggersByHousehold.set(match.member.householdId, triggers);
    }
    const tickets: TicketCandidate[] = [];
    for (const [householdId, triggers] of triggersByHousehold) {
      const household = context.households.get(householdId);
      if (!household || household.living.length === 0) continue;
      if (!isPolicyEnjoyingPovertyExit(household.fields) || isActiveMonitoring(household.fields)) continue;
      const covered = coverFrom(assessments.forHousehold(household), latestDate(triggers));
      tickets.push(householdTicket('DIBAO_CANCELLED_REVIEW', household, triggers, 'dibao ended', covered));
    }
    return tickets;
  },
};
