/** Pipeline parameters (rules.md "Parameters") validated and resolved with their defaults. */
import { InputError } from '../errors.js';
import { addDays, isIsoDate, today } from '../ledger/dates.js';
import type { Params } from '../model/params.js';
import { STAGES, type Stage } from '../model/records.js';

export const DEFAULT_EDUCATION_STAGES: Stage[] = ['PRESCHOOL', 'PRIMARY', 'JUNIOR', 'SENIOR', 'SECONDARY_VOC'];
const KNOWN = ['asOf', 'region', 'monitoringLine', 'newSince', 'medicalExpenseThreshold', 'educationStages', 'ticketDueDays'];

export function resolveParams(given: Record<string, unknown>, label: string): Params {
  const bad = (key: string, why: string): never => {
    throw new InputError(`pipeline ${label}: parameter ${key} ${why}`, { file: label, column: key });
  };
  for (const key of Object.keys(given)) if (!KNOWN.includes(key)) bad(key, 'is unknown');

  const date = (key: string): string | undefined => {
    const value = given[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' || !isIsoDate(value)) return bad(key, `"${String(value)}" is not a date (YYYY-MM-DD)`);
    return value;
  };
  const number = (key: string, fallback: number | null, integer = false): number | null => {
    const value = given[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return bad(key, `"${String(value)}" is not a non-negative number`);
    if (integer && !Number.isInteger(value)) return bad(key, `"${value}" is not a whole number`);
    return value;
  };

  const asOf = date('asOf') ?? today();
  const region = given.region ?? '37';
  if (typeof region !== 'string' || !/^\d{2}(\d{2}(\d{2})?)?$/.test(region)) {
    bad('region', `"${String(region)}" is not a province, city or county code (2, 4 or 6 digits)`);
  }
  const newSince = date('newSince') ?? addDays(asOf, -365);
  let educationStages = DEFAULT_EDUCATION_STAGES;
  if (given.educationStages !== undefined) {
    const stages = given.educationStages;
    if (!Array.isArray(stages) || stages.length === 0) bad('educationStages', 'is not a non-empty list of stages');
    for (const stage of stages as unknown[]) {
      if (typeof stage !== 'string' || !(STAGES as readonly string[]).includes(stage) || stage === 'NONE') {
        bad('educationStages', `has "${String(stage)}", not one of ${STAGES.filter((s) => s !== 'NONE').join(', ')}`);
      }
    }
    educationStages = [...new Set(stages as Stage[])];
  }
  const ticketDueDays = number('ticketDueDays', 15, true) as number;
  if (ticketDueDays < 1) bad('ticketDueDays', 'must be at least 1');
  return {
    asOf,
    region: region as string,
    monitoringLine: number('monitoringLine', null),
    newSince,
    medicalExpenseThreshold: number('medicalExpenseThreshold', 10000) as number,
    educationStages,
    ticketDueDays,
  };
}
