import type { Stage } from './records.js';

/** Pipeline parameters (rules.md "Parameters"), resolved with their defaults. */
export interface Params {
  asOf: string;
  /** province (2 digits), city (4) or county (6) code */
  region: string;
  monitoringLine: number | null;
  newSince: string;
  medicalExpenseThreshold: number;
  educationStages: Stage[];
  ticketDueDays: number;
}
