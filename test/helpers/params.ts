import type { Params } from '../../src/model/params.js';
import { DEFAULT_EDUCATION_STAGES } from '../../src/pipeline/params.js';

/** The worked example's parameters with rules.md's defaults; tests override what they are about. */
export function params(overrides: Partial<Params> = {}): Params {
  return {
    asOf: '2023-06-10',
    region: '37',
    monitoringLine: 7100,
    newSince: '2022-06-01',
    medicalExpenseThreshold: 10000,
    educationStages: [...DEFAULT_EDUCATION_STAGES],
    ticketDueDays: 15,
    ...overrides,
  };
}
