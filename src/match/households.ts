/**
 * System households: members grouped by householdId, with the household-level
 * fields taken from the single living 户主 row, else the household's first row
 * in file order (data-contract.md, system extract).
 */
import type { HouseholdFields, Place, SystemMember } from '../model/records.js';

export interface Household {
  householdId: string;
  /** every row, file order */
  rows: SystemMember[];
  living: SystemMember[];
  /** the single living 户主, or null (none or several) */
  head: SystemMember | null;
  livingHeadCount: number;
  /** the row the household-level fields and placement come from */
  representative: SystemMember;
  fields: HouseholdFields;
  place: Place;
}

export const HEAD_RELATION = '户主';

export function buildHouseholds(system: readonly SystemMember[]): Map<string, Household> {
  const rowsById = new Map<string, SystemMember[]>();
  for (const row of system) {
    const rows = rowsById.get(row.householdId);
    if (rows) rows.push(row);
    else rowsById.set(row.householdId, [row]);
  }
  const households = new Map<string, Household>();
  for (const [householdId, rows] of rowsById) {
    // most households have no one dead or gone: their rows are their living rows (one array, not two)
    const living = rows.every((row) => row.living) ? rows : rows.filter((row) => row.living);
    const heads = living.filter((row) => row.relation === HEAD_RELATION);
    const head = heads.length === 1 ? heads[0]! : null;
    const representative = head ?? rows[0]!;
    households.set(householdId, {
      householdId,
      rows,
      living,
      head,
      livingHeadCount: heads.length,
      representative,
      fields: representative.household,
      place: representative.place,
    });
  }
  return households;
}

/** A 监测户: householdType 监测户, or any monitorType (which makes it one whatever the type says). */
export function isMonitoring(fields: HouseholdFields): boolean {
  return fields.householdType === '监测户' || (fields.monitorType !== null && fields.monitorType !== '');
}

/** An active monitoring household: monitored and riskEliminated ≠ yes. */
export function isActiveMonitoring(fields: HouseholdFields): boolean {
  return isMonitoring(fields) && fields.riskEliminated !== 'yes';
}

/** 脱贫享受政策户: policyStatus says so, or a 脱贫户 with no policy status (rules.md "脱贫 status"). */
export function isPolicyEnjoyingPovertyExit(fields: HouseholdFields): boolean {
  if (fields.policyStatus === '脱贫享受政策户') return true;
  return fields.householdType === '脱贫户' && !fields.policyStatus;
}

/** 脱贫不享受政策户: by household type or by policy status. */
export function isNonPolicyPovertyExit(fields: HouseholdFields): boolean {
  return fields.householdType === '脱贫不享受政策户' || fields.policyStatus === '脱贫不享受政策户';
}
